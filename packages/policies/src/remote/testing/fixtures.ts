import { createServer } from "node:net";
import { EE_DELTA_ACTION_SPEC, type EnvSpec, type Observation, type RgbImage } from "@gauntlet/core";

/** A two-camera Bridge-style spec for remote-policy tests. */
export const TEST_SPEC: EnvSpec = {
  id: "Remote-v1",
  backend: "sim",
  task: "pick-lift",
  cameras: [
    { name: "third", width: 5, height: 3 },
    { name: "wrist", width: 2, height: 2 },
  ],
  action: EE_DELTA_ACTION_SPEC,
  stateNames: ["x", "y", "z", "roll", "pitch", "yaw", "gripper"],
  controlHz: 5,
  maxSteps: 20,
};

/** An RGBA image whose every byte depends on its position, so a dropped row or channel shows. */
export function patternImage(width: number, height: number, salt = 0): RgbImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + salt) % 251;
  return { width, height, data };
}

/** An observation for TEST_SPEC with pattern images and a state whose values are not exact in float64. */
export function testObservation(step = 0): Observation {
  return {
    images: { third: patternImage(5, 3, step), wrist: patternImage(2, 2, 100 + step) },
    state: new Float32Array([0.1 + step / 100, -0.2, 0.3, 0.01, -0.02, 0.03, 0.7]),
    instruction: "pick up the red cube",
  };
}

/** A loopback port nothing listens on (just released by a throwaway server). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

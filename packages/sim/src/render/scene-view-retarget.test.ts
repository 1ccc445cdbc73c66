import { createHash } from "node:crypto";
import type { Scene } from "@gauntlet/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadScene } from "../load-scene";
import { makeSimEnv, type SimEnv } from "../sim-env";

const nominal = loadScene(new URL("../../../../scenes/place-on-plate.json", import.meta.url).pathname);
const edit = (f: (s: Scene) => void): Scene => {
  const s = structuredClone(nominal);
  f(s);
  return s;
};
/** Scenes that differ from the nominal one the way perturbations do. */
const variants: Record<string, Scene> = {
  colour: edit((s) => {
    s.objects[0].color = "#3060c0";
  }),
  texture: edit((s) => {
    s.objects[0].texture = { pattern: "checker", color: "#ffffff", cells: 3, seed: 0 };
    s.table.texture = { pattern: "noise", color: "#304050", cells: 6, seed: 4 };
  }),
  scale: edit((s) => {
    s.objects[0].size = [0.05, 0.05, 0.05];
    s.objects[0].pose.position[2] = 0.025;
  }),
  lights: edit((s) => {
    s.lights = [
      { type: "ambient", color: "#ffe0c0", intensity: 0.3 },
      { type: "directional", color: "#c0d0ff", intensity: 3, position: [0.1, 0.6, 1] },
    ];
  }),
  background: edit((s) => {
    s.background = { color: "#204020", texture: { pattern: "stripes", color: "#e0e0a0", cells: 5, seed: 0 }, hideTable: false };
  }),
  camera: edit((s) => {
    s.cameras[0].position = [0.66, -0.46, 0.57];
  }),
  added: edit((s) => {
    s.objects.push({ id: "extra", type: "sphere", size: [0.02], pose: { position: [0.2, 0.25, 0.02] }, color: "#aa00aa", mass: 0.05, friction: 1, restitution: 0, body: "dynamic" });
  }),
  reshaped: edit((s) => {
    s.objects.push({ id: "extra", type: "box", size: [0.03, 0.05, 0.04], pose: { position: [0.2, 0.25, 0.02] }, color: "#00aaaa", mass: 0.05, friction: 1, restitution: 0, body: "dynamic" });
  }),
};

const hash = async (env: SimEnv, scene: Scene) => createHash("sha256").update((await env.reset({ seed: 3, scene })).obs.images.third.data).digest("hex");
const envs: SimEnv[] = [];
afterAll(async () => {
  for (const e of envs) await e.close();
});

describe("SceneView.retarget", () => {
  it("renders a scene it was re-dressed for exactly as a view built for that scene", async () => {
    const reused = await makeSimEnv(nominal, { cameras: ["third"] });
    envs.push(reused);
    const nominalHash = await hash(reused, nominal);
    for (const [name, scene] of Object.entries(variants)) {
      const fresh = await makeSimEnv(scene, { cameras: ["third"] });
      envs.push(fresh);
      const expected = await hash(fresh, scene);
      expect(expected, `${name} changes the frame`).not.toBe(nominalHash);
      expect(await hash(reused, scene), name).toBe(expected);
    }
    // Back to nominal (the extra object hidden), then the extra object again (its hidden mesh reused).
    expect(await hash(reused, nominal)).toBe(nominalHash);
    expect(await hash(reused, variants.added)).toBe(await hash(envs[envs.length - 2], variants.added));
    // Textured again after plain: the mesh switches back to its textured material.
    expect(await hash(reused, variants.texture)).toBe(await hash(envs[2], variants.texture));
  });
});

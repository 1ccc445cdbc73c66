import type { Scene } from "@gauntlet/core";
import { loadScene, makeSimEnv } from "@gauntlet/sim";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { benchVisionPolicy } from "./bench-vision";
import { visionOptionsFromScene } from "./vision-options";
import { VisionPolicy } from "./vision-policy";

const scene = (name: string): Scene => loadScene(fileURLToPath(new URL(`../../../../scenes/${name}.json`, import.meta.url)));

describe("VisionPolicy", () => {
  it("picks up the red cube from pixels on most seeds", async () => {
    const episodes = await benchVisionPolicy(scene("pick-cube"), {}, [0, 1, 2, 3, 4, 5]);
    expect(episodes.filter((e) => e.success).length).toBeGreaterThanOrEqual(5);
  });

  it("repeats its actions for the same seed, noise included", async () => {
    const s = scene("pick-cube");
    const env = await makeSimEnv(s, { cameras: ["third", "wrist"] });
    const policy = new VisionPolicy(visionOptionsFromScene(s, { noise: 0.1 }));
    const run = async (seed: number) => {
      let { obs } = await env.reset({ seed: 0 });
      await policy.reset({ seed, spec: env.spec });
      const actions: number[][] = [];
      for (let i = 0; i < 8; i++) {
        const [a] = await policy.act(obs);
        actions.push(Array.from(a));
        obs = (await env.step(a)).obs;
      }
      return actions;
    };
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(await run(4)).not.toEqual(first);
    await env.close();
  });

  it("is slower with a low gain", async () => {
    const s = scene("pick-cube");
    const [slow] = await benchVisionPolicy(s, { gain: 0.5 }, [3]);
    const [clean] = await benchVisionPolicy(s, {}, [3]);
    expect(slow.steps).toBeGreaterThan(clean.steps);
  });

  it("names its knobs and rejects bad ones", () => {
    const opts = visionOptionsFromScene(scene("pick-cube"));
    expect(new VisionPolicy(opts).name).toBe("vision");
    expect(new VisionPolicy({ ...opts, noise: 0.1, delay: 2, gain: 0.5 }).name).toBe("vision-noise0.1-delay2-gain0.5");
    expect(() => new VisionPolicy({ ...opts, delay: 1.5 })).toThrow(/delay: expected an integer >= 0/);
    expect(() => new VisionPolicy({ ...opts, gain: 0 })).toThrow(/gain: expected a number in \(0, 1\]/);
    expect(() => new VisionPolicy({ ...opts, camera: opts.wristCamera ?? opts.camera })).toThrow(/expected a fixed camera/);
  });

  it("asks for reset before act", async () => {
    const policy = new VisionPolicy(visionOptionsFromScene(scene("pick-cube")));
    await expect(policy.act({ images: {}, state: new Float32Array(7), instruction: "pick up the red cube" })).rejects.toThrow(/reset before act/);
  });
});

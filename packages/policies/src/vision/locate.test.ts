import type { Scene } from "@gauntlet/core";
import { loadScene, makeSimEnv } from "@gauntlet/sim";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COLOURS, nearestColourWord } from "./colours";
import { locateObject } from "./locate";
import { makePinholeCamera } from "./pinhole";
import { visionOptionsFromScene } from "./vision-options";

const scene = (name: string): Scene => loadScene(fileURLToPath(new URL(`../../../../scenes/${name}.json`, import.meta.url)));
const inRegion = (x: number, y: number) => x > 0.05 && x < 0.55 && Math.abs(y) < 0.35;

describe("locateObject on rendered frames", () => {
  it.each(["pick-cube", "push-block", "place-on-plate", "stack-cube"])("finds every object of %s within 1 cm from the third camera, and from the wrist camera", async (name) => {
    const s = scene(name);
    const opts = visionOptionsFromScene(s);
    const env = await makeSimEnv(s, { cameras: ["third", "wrist"] });
    try {
      for (const seed of [0, 7]) {
        const { obs } = await env.reset({ seed });
        const truth = env.trueState(); // test-only ground truth
        const views = [
          { image: obs.images.third, camera: makePinholeCamera(opts.camera) },
          { image: obs.images.wrist, camera: makePinholeCamera(s.cameras[1], truth.ee) },
        ];
        for (const obj of s.objects) {
          const colour = COLOURS[nearestColourWord(obj.color)];
          const height = obj.type === "box" ? obj.size[2] : obj.type === "cylinder" ? obj.size[1] : 2 * obj.size[0];
          for (const { image, camera } of views) {
            const seen = locateObject(image, camera, colour, { tableZ: s.table.height, height, inRegion });
            const t = truth.objects[obj.id].position;
            expect(seen, `${name} seed ${seed}: ${obj.id} not seen`).not.toBeNull();
            expect(Math.hypot((seen?.position[0] ?? 0) - t[0], (seen?.position[1] ?? 0) - t[1]), `${name} seed ${seed}: ${obj.id}`).toBeLessThan(0.01);
          }
        }
      }
    } finally {
      await env.close();
    }
  });
});

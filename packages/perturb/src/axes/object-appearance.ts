/**
 * object-color: changes every object's colour (hue and brightness) and, from level 2, draws a
 * procedural texture over it whose contrast grows with the level.
 */
import { defineAxis, pick, symmetric } from "../axis";
import { mixColour, randomColour, shiftColour } from "../colour";

interface Magnitude {
  /** Largest hue shift, degrees. */
  hue: number;
  /** Largest relative change of saturation and value. */
  tone: number;
  /** Contrast of the texture's second colour, 0 for none. */
  texture: number;
}

export const objectAppearanceAxis = defineAxis<Magnitude | null>({
  name: "object-color",
  description: "object colour (hue, saturation, value) and texture",
  levels: [
    ["nominal", null],
    ["hue ±10°, tone ±15%", { hue: 10, tone: 0.15, texture: 0 }],
    ["hue ±25°, tone ±25%, faint texture", { hue: 25, tone: 0.25, texture: 0.3 }],
    ["hue ±60°, tone ±30%, strong texture", { hue: 60, tone: 0.3, texture: 0.75 }],
  ],
  touches: [/^\.objects\[\d+\]\.(color|texture)(\.|$)/],
  perturb(scene, rng, m) {
    if (!m) return;
    for (const obj of scene.objects) {
      obj.color = shiftColour(obj.color, symmetric(rng, m.hue), 1 + symmetric(rng, m.tone), 1 + symmetric(rng, m.tone));
      if (m.texture > 0) {
        const second = mixColour(obj.color, randomColour(rng), m.texture);
        obj.texture = { pattern: pick(rng, ["checker", "stripes", "dots", "noise"] as const), color: second, cells: rng.int(2, 5), seed: rng.int(0, 1e6) };
      }
    }
  },
});

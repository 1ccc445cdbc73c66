/** table-texture: tints the table, then covers it with a procedural pattern of growing contrast. */
import { defineAxis, pick, symmetric } from "../axis";
import { mixColour, randomColour, shiftColour } from "../colour";

interface Magnitude {
  hue: number;
  tone: number;
  /** Contrast of the pattern's second colour, 0 for none. */
  contrast: number;
  patterns: ("checker" | "stripes" | "dots" | "noise")[];
}

export const tableTextureAxis = defineAxis<Magnitude | null>({
  name: "table-texture",
  description: "table colour and texture",
  levels: [
    ["nominal", null],
    ["tint: hue ±15°, tone ±15%", { hue: 15, tone: 0.15, contrast: 0, patterns: [] }],
    ["mottled texture, contrast 35%", { hue: 20, tone: 0.2, contrast: 0.35, patterns: ["noise"] }],
    ["patterned, contrast 80%", { hue: 40, tone: 0.3, contrast: 0.8, patterns: ["checker", "stripes", "dots"] }],
  ],
  touches: [/^\.table\.(color|texture)(\.|$)/],
  perturb(scene, rng, m) {
    if (!m) return;
    const { table } = scene;
    table.color = shiftColour(table.color, symmetric(rng, m.hue), 1 + symmetric(rng, m.tone), 1 + symmetric(rng, m.tone));
    if (m.contrast > 0) {
      table.texture = { pattern: pick(rng, m.patterns), color: mixColour(table.color, randomColour(rng), m.contrast), cells: rng.int(4, 12), seed: rng.int(0, 1e6) };
    }
  },
});

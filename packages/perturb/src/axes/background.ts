/** background: shifts the backdrop's colour, then replaces it with a random colour, then with a pattern. */
import { defineAxis, pick } from "../axis";
import { mixColour, randomColour } from "../colour";

export const backgroundAxis = defineAxis<number>({
  name: "background",
  description: "backdrop colour, then a patterned backdrop",
  levels: [
    ["nominal", 0],
    ["colour shifted 35% toward a random one", 1],
    ["random colour", 2],
    ["random two-colour pattern", 3],
  ],
  touches: [/^\.background(\.|$)/],
  perturb(scene, rng, level) {
    const bg = scene.background;
    if (level === 1) bg.color = mixColour(bg.color, randomColour(rng), 0.35);
    if (level === 2) bg.color = randomColour(rng, [0.2, 1], [0.2, 1]);
    if (level === 3) {
      bg.color = randomColour(rng, [0.2, 1], [0.2, 1]);
      bg.texture = { pattern: pick(rng, ["checker", "stripes", "dots", "noise"] as const), color: randomColour(rng, [0.2, 1], [0.2, 1]), cells: rng.int(3, 10), seed: rng.int(0, 1e6) };
    }
  },
});

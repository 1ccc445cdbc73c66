/** physics: scales each object's mass and friction, and the table's friction, by log-uniform factors. */
import { defineAxis, logFactor } from "../axis";

interface Magnitude {
  mass: number;
  friction: number;
}

export const physicsAxis = defineAxis<Magnitude | null>({
  name: "physics",
  description: "physical parameters: mass and friction",
  levels: [
    ["nominal", null],
    ["mass ×/÷1.5, friction ×/÷1.3", { mass: 1.5, friction: 1.3 }],
    ["mass ×/÷3, friction ×/÷2", { mass: 3, friction: 2 }],
    ["mass ×/÷6, friction ×/÷4", { mass: 6, friction: 4 }],
  ],
  touches: [/^\.objects\[\d+\]\.(mass|friction)$/, /^\.table\.friction$/],
  perturb(scene, rng, m) {
    if (!m) return;
    for (const obj of scene.objects) {
      if (obj.body === "visual") continue;
      obj.mass *= logFactor(rng, m.mass);
      obj.friction *= logFactor(rng, m.friction);
    }
    scene.table.friction *= logFactor(rng, m.friction);
  },
});

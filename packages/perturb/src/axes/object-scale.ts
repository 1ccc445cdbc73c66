/** object-scale: scales every object uniformly (log-uniform factor); objects resting on the table stay resting on it. */
import { defineAxis, logFactor } from "../axis";
import { halfHeightOf } from "../footprint";

export const objectScaleAxis = defineAxis<number>({
  name: "object-scale",
  description: "object size",
  levels: [
    ["nominal", 1],
    ["×/÷1.1", 1.1],
    ["×/÷1.2", 1.2],
    ["×/÷1.35", 1.35],
  ],
  touches: [/^\.objects\[\d+\]\.(size|pose\.position)$/],
  perturb(scene, rng, k) {
    for (const obj of scene.objects) {
      const resting = Math.abs(obj.pose.position[2] - halfHeightOf(obj) - scene.table.height) < 2e-3;
      const f = logFactor(rng, k);
      obj.size = obj.size.map((s) => s * f) as typeof obj.size;
      if (resting) obj.pose.position = [obj.pose.position[0], obj.pose.position[1], scene.table.height + halfHeightOf(obj)];
    }
  },
});

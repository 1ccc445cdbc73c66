/**
 * object-pose: moves every object's nominal pose (the centre of its randomisation range).
 * Levels 1-2 jitter position and yaw; level 3 also permutes the nominal places of the objects
 * the task randomises, so, e.g., the block starts where the target was.
 */
import { quatFromEuler, quatMultiply } from "@gauntlet/core";
import { defineAxis, symmetric } from "../axis";

interface Magnitude {
  /** Largest position offset per horizontal axis, m. */
  offset: number;
  /** Largest yaw offset, degrees. */
  yaw: number;
  permute: boolean;
}

export const objectPoseAxis = defineAxis<Magnitude | null>({
  name: "object-pose",
  description: "object placement: position and yaw jitter, then a permutation of the objects' places",
  levels: [
    ["nominal", null],
    ["jitter ±1.5 cm, ±10°", { offset: 0.015, yaw: 10, permute: false }],
    ["jitter ±3 cm, ±25°", { offset: 0.03, yaw: 25, permute: false }],
    ["places permuted, jitter ±3 cm, ±45°", { offset: 0.03, yaw: 45, permute: true }],
  ],
  touches: [/^\.objects\[\d+\]\.pose\.(position|quaternion)$/],
  perturb(scene, rng, m) {
    if (!m) return;
    const placed = scene.objects.filter((o) => scene.task.randomize[o.id]);
    if (m.permute && placed.length > 1) {
      // A cyclic shift by 1..n-1 moves every object to another's place.
      const shift = rng.int(1, placed.length - 1);
      const places = placed.map((o) => [o.pose.position[0], o.pose.position[1]]);
      placed.forEach((o, i) => {
        const [x, y] = places[(i + shift) % placed.length];
        o.pose.position = [x, y, o.pose.position[2]];
      });
    }
    for (const obj of scene.objects) {
      const [x, y, z] = obj.pose.position;
      obj.pose.position = [x + symmetric(rng, m.offset), y + symmetric(rng, m.offset), z];
      const yaw = (symmetric(rng, m.yaw) * Math.PI) / 180;
      obj.pose.quaternion = quatMultiply(quatFromEuler(0, 0, yaw), obj.pose.quaternion ?? [0, 0, 0, 1]);
    }
  },
});

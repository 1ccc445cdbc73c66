import type { Pose, Rng, Scene } from "@gauntlet/core";
import { quatFromEuler, quatMultiply } from "@gauntlet/core";
import { distanceXY } from "./task";

const MAX_TRIES = 200;

/**
 * Samples the initial object poses of an episode from the scene's randomisation ranges
 * (offsets from the poses in the file), rejecting draws that put randomised objects closer
 * than `task.minSeparation`. The same scene and rng give the same poses.
 */
export function initializeEpisode(scene: Scene, rng: Rng): Record<string, Pose> {
  const poses: Record<string, Pose> = {};
  for (const obj of scene.objects) poses[obj.id] = { position: [...obj.pose.position], quaternion: [...(obj.pose.quaternion ?? [0, 0, 0, 1])] };
  const randomized = scene.objects.filter((o) => scene.task.randomize[o.id]);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const placed: Pose[] = [];
    let clash = false;
    for (const obj of randomized) {
      const r = scene.task.randomize[obj.id];
      const base = obj.pose;
      const dx = r.x ? rng.uniform(r.x[0], r.x[1]) : 0;
      const dy = r.y ? rng.uniform(r.y[0], r.y[1]) : 0;
      const yaw = r.yaw ? rng.uniform(r.yaw[0], r.yaw[1]) : 0;
      const pose: Pose = {
        position: [base.position[0] + dx, base.position[1] + dy, base.position[2]],
        quaternion: quatMultiply(quatFromEuler(0, 0, yaw), base.quaternion ?? [0, 0, 0, 1]),
      };
      if (placed.some((p) => distanceXY(p.position, pose.position) < scene.task.minSeparation)) clash = true;
      placed.push(pose);
      poses[obj.id] = pose;
    }
    if (!clash) return poses;
  }
  throw new Error(`scene.task.randomize: could not place objects ${MAX_TRIES} times with minSeparation ${scene.task.minSeparation} m; widen the ranges or lower minSeparation`);
}

/**
 * PushBlock-v1
 *
 * Task description: push the object onto the marked target on the table.
 * Randomisations: the object's and the target's x, y (and yaw), per `scene.task.randomize`.
 * Success conditions: the object's centre lies within `params.tolerance` (default 0.025 m)
 * of the target's centre in the table plane, and the object is not held.
 */
import type { Scene } from "@gauntlet/core";
import { distanceXY, numberParam, objectParam, type SimState, type Task, unit } from "./task";

export function makePushTask(scene: Scene): Task {
  const object = objectParam(scene, "object", "cube").id;
  const target = objectParam(scene, "target", "target").id;
  const tolerance = numberParam(scene, "tolerance", 0.025);
  return {
    type: "push",
    envId: "PushBlock-v1",
    evaluate(state: SimState) {
      const goal = state.objects[target].position;
      const dist = distanceXY(state.objects[object].position, goal);
      const startDist = Math.max(distanceXY(state.initial[object].position, goal), tolerance);
      return { success: dist <= tolerance && state.grasped !== object, progress: dist <= tolerance ? 1 : unit(1 - dist / startDist) };
    },
  };
}

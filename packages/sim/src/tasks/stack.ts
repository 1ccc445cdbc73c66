/**
 * StackCube-v1
 *
 * Task description: stack the top cube onto the base cube.
 * Randomisations: both cubes' x, y and yaw, per `scene.task.randomize`.
 * Success conditions: the top cube is released, its centre lies within half the base cube's
 * width of the base cube's centre in the table plane, its bottom is within 0.01 m of the base
 * cube's top, and the base cube is still on the table.
 */
import type { Scene } from "@gauntlet/core";
import { distanceXY, halfHeight, objectParam, type SimState, type Task, unit } from "./task";

export function makeStackTask(scene: Scene): Task {
  const topSpec = objectParam(scene, "object", "cubeA");
  const baseSpec = objectParam(scene, "target", "cubeB");
  if (baseSpec.type !== "box") throw new Error(`scene.task.params.target: expected a box, got a ${baseSpec.type}`);
  const halfWidth = Math.min(baseSpec.size[0], baseSpec.size[1]) / 2;
  return {
    type: "stack",
    envId: "StackCube-v1",
    evaluate(state: SimState) {
      const top = state.objects[topSpec.id].position;
      const base = state.objects[baseSpec.id].position;
      const offset = distanceXY(top, base);
      const gap = top[2] - halfHeight(topSpec) - (base[2] + halfHeight(baseSpec));
      const baseOnTable = Math.abs(base[2] - state.initial[baseSpec.id].position[2]) < 0.005;
      const success = state.grasped !== topSpec.id && offset <= halfWidth && Math.abs(gap) <= 0.01 && baseOnTable;
      const startOffset = Math.max(distanceXY(state.initial[topSpec.id].position, state.initial[baseSpec.id].position), halfWidth);
      const progress = success ? 1 : (state.grasped === topSpec.id ? 0.3 : 0) + 0.6 * unit(1 - offset / startOffset);
      return { success, progress: unit(progress) };
    },
  };
}

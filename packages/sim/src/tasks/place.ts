/**
 * PlaceOnPlate-v1
 *
 * Task description: pick the object up and place it onto the plate.
 * Randomisations: the object's and the plate's x, y (and yaw), per `scene.task.randomize`.
 * Success conditions: the object is released, its centre lies over the plate (within the plate's
 * radius minus `params.margin`, default 0.01 m), and it rests on the plate: its bottom within
 * 0.015 m of the plate's top.
 */
import type { Scene } from "@gauntlet/core";
import { distanceXY, halfHeight, numberParam, objectParam, type SimState, type Task, unit } from "./task";

export function makePlaceTask(scene: Scene): Task {
  const objectSpec = objectParam(scene, "object", "cube");
  const plateSpec = objectParam(scene, "target", "plate");
  if (plateSpec.type !== "cylinder") throw new Error(`scene.task.params.target: expected a cylinder plate, got a ${plateSpec.type}`);
  const margin = numberParam(scene, "margin", 0.01);
  const radius = plateSpec.size[0];
  const object = objectSpec.id;
  const plate = plateSpec.id;
  return {
    type: "place",
    envId: "PlaceOnPlate-v1",
    evaluate(state: SimState) {
      const obj = state.objects[object].position;
      const plt = state.objects[plate].position;
      const over = distanceXY(obj, plt);
      const gap = obj[2] - halfHeight(objectSpec) - (plt[2] + halfHeight(plateSpec));
      const resting = Math.abs(gap) <= 0.015;
      const success = state.grasped !== object && over <= radius - margin && resting;
      const startOver = Math.max(distanceXY(state.initial[object].position, state.initial[plate].position), radius);
      const approach = unit(1 - over / startOver);
      const progress = success ? 1 : (state.grasped === object ? 0.3 : 0) + 0.6 * approach;
      return { success, progress: unit(progress) };
    },
  };
}

import type { Scene } from "@gauntlet/core";
import { makePickLiftTask } from "./pick-lift";
import { makePlaceTask } from "./place";
import { makePushTask } from "./push";
import { makeStackTask } from "./stack";
import type { Task } from "./task";

export type { SimState, Task, TaskVerdict } from "./task";

const TASKS: Record<Scene["task"]["type"], (scene: Scene) => Task> = {
  "pick-lift": makePickLiftTask,
  push: makePushTask,
  place: makePlaceTask,
  stack: makeStackTask,
};

/** Builds the task a scene declares, checking its parameters against the scene's objects. */
export function makeTask(scene: Scene): Task {
  return TASKS[scene.task.type](scene);
}

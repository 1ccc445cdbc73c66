/**
 * Scripted privileged-state plans for the grasping tasks: pick and lift, place on a plate,
 * stack on a cube. Each is a list of phases; a phase yields a servo goal from the true state
 * and says when it is done. Carrying keeps the grasp's yaw; placing turns the held cube to the
 * nearest yaw that lines its faces up with the target's.
 */
import type { Quat, Scene, SceneObject, Vec3 } from "@gauntlet/core";
import { halfHeight, objectParam, type SimState } from "../tasks/task";
import { type ServoGoal, toolYaw } from "@gauntlet/core";
import { graspYaw, reached } from "./oracle-geometry";

export interface Phase {
  name: string;
  /** The phase to go to when this one is done; the next in the list by default. */
  next?: string;
  goal(state: SimState): ServoGoal;
  done(state: SimState, stepsInPhase: number): boolean;
}

const HOVER = 0.08;
const CARRY = 0.12;

/** Phases that grasp `obj` from above: hover, descend, close. */
function graspPhases(obj: SceneObject): Phase[] {
  let yaw = 0;
  const at = (s: SimState, dz: number): Vec3 => {
    const p = s.objects[obj.id].position;
    return [p[0], p[1], Math.max(s.toolFloor, p[2] + dz)];
  };
  const grip = Math.min(0, -halfHeight(obj) + 0.015);
  return [
    {
      name: "hover",
      goal: (s) => {
        yaw = graspYaw(s.objects[obj.id].quaternion);
        return { position: at(s, HOVER), yaw, gripper: 1 };
      },
      done: (s) => reached(s, at(s, HOVER), 0.01),
    },
    { name: "descend", goal: (s) => ({ position: at(s, grip), yaw, gripper: 1, maxStep: 0.03 }), done: (s) => reached(s, at(s, grip), 0.004) },
    { name: "close", goal: (s) => ({ position: at(s, grip), yaw, gripper: 0 }), done: (s, n) => s.grasped === obj.id || n >= 8 },
  ];
}

/** Phases that carry the held object over `place(s)` and release it `clearance` above. */
function placePhases(obj: SceneObject, place: (s: SimState) => Vec3, alignWith: (s: SimState) => Quat): Phase[] {
  const above = (s: SimState): Vec3 => {
    const p = place(s);
    return [p[0], p[1], p[2] + CARRY];
  };
  const release = (s: SimState): Vec3 => {
    const p = place(s);
    return [p[0], p[1], p[2] + halfHeight(obj) + 0.006];
  };
  const lift = (s: SimState): Vec3 => [s.ee.position[0], s.ee.position[1], s.objects[obj.id].position[2] + CARRY];
  let yaw = 0;
  return [
    {
      name: "lift",
      goal: (s) => {
        yaw = graspYaw(alignWith(s), toolYaw(s.ee.quaternion));
        return { position: lift(s), yaw: toolYaw(s.ee.quaternion), gripper: 0 };
      },
      done: (s) => s.ee.position[2] >= place(s)[2] + CARRY - 0.02,
    },
    { name: "carry", goal: (s) => ({ position: above(s), yaw, gripper: 0 }), done: (s) => reached(s, above(s), 0.008) },
    { name: "lower", goal: (s) => ({ position: release(s), yaw, gripper: 0, maxStep: 0.03 }), done: (s) => reached(s, release(s), 0.005) },
    { name: "release", goal: (s) => ({ position: release(s), yaw, gripper: 1 }), done: (s, n) => s.grasped !== obj.id && n >= 3 },
    { name: "retreat", goal: (s) => ({ position: above(s), yaw, gripper: 1 }), done: () => false },
  ];
}

/** The phase list of an oracle for a pick-lift, place or stack scene. */
export function graspTaskPhases(scene: Scene): Phase[] {
  const obj = objectParam(scene, "object", scene.task.type === "stack" ? "cubeA" : "cube");
  if (scene.task.type === "pick-lift") {
    const lift = (s: SimState): Vec3 => [s.ee.position[0], s.ee.position[1], s.initial[obj.id].position[2] + 0.15];
    return [...graspPhases(obj), { name: "lift", goal: (s) => ({ position: lift(s), yaw: toolYaw(s.ee.quaternion), gripper: 0 }), done: () => false }];
  }
  const target = objectParam(scene, "target", scene.task.type === "stack" ? "cubeB" : "plate");
  const top = (s: SimState): Vec3 => {
    const p = s.objects[target.id].position;
    return [p[0], p[1], p[2] + halfHeight(target)];
  };
  return [...graspPhases(obj), ...placePhases(obj, top, (s) => s.objects[target.id].quaternion)];
}

/**
 * Plans for the grasping skills, from beliefs: hover over the seen object, descend with the
 * estimate frozen, close, then lift (pick) or carry over the seen target, lower and release
 * (place, stack). Unlike the oracle, it cannot read a grasp latch, so a close that ends with
 * the fingers shut on nothing, or a hold that is lost on the way, sends it back to try again.
 */
import type { Vec3 } from "@gauntlet/core";
import { type Belief, nearestFaceYaw, type Phase, type PlanGeometry, reached } from "./phase-machine";

const HOVER = 0.08;
const CARRY = 0.12;
const LIFT = 0.15;

/** Phases for "pick-lift", "place" and "stack". */
export function graspPlan(kind: "pick-lift" | "place" | "stack", geo: PlanGeometry): Phase[] {
  const half = geo.objectSize[2] / 2;
  const grip = Math.min(0, -half + 0.015);
  const at = (b: Belief, dz: number): Vec3 => {
    const p = b.object.position;
    return [p[0], p[1], Math.max(geo.toolFloor, p[2] + dz)];
  };
  let yaw = 0;
  const retry = (b: Belief) => (b.held ? "" : "regrasp");
  const grasp: Phase[] = [
    {
      name: "hover",
      goal: (b) => {
        yaw = nearestFaceYaw(b.object.yaw, b.toolYaw);
        return { position: at(b, HOVER), yaw, gripper: 1 };
      },
      done: (b, n) => n > 0 && reached(b, at(b, HOVER), 0.01),
    },
    {
      name: "descend",
      freezeObject: true,
      goal: (b) => ({ position: at(b, grip), yaw, gripper: 1, maxStep: 0.03 }),
      done: (b) => reached(b, at(b, grip), 0.004),
    },
    {
      name: "close",
      freezeObject: true,
      next: (b) => (b.held ? "lift" : "regrasp"),
      goal: (b) => ({ position: at(b, grip), yaw, gripper: 0 }),
      done: (b, n) => n >= 2 && (b.held || b.gripper < 0.08 || n >= 8),
    },
    {
      name: "regrasp",
      next: "hover",
      goal: (b) => ({ position: [b.ee.position[0], b.ee.position[1], at(b, HOVER)[2]], yaw: b.toolYaw, gripper: 1 }),
      done: (b) => b.gripper > 0.9 && b.ee.position[2] >= at(b, HOVER)[2] - 0.03,
    },
  ];
  if (kind === "pick-lift") {
    let liftZ = 0;
    return [
      ...grasp,
      {
        name: "lift",
        next: retry,
        goal: (b) => {
          liftZ ||= b.object.position[2] + LIFT;
          return { position: [b.ee.position[0], b.ee.position[1], liftZ], yaw: b.toolYaw, gripper: 0 };
        },
        done: (b) => !b.held,
      },
    ];
  }
  const targetHeight = geo.targetSize?.[2] ?? 0.02;
  const top = (b: Belief): Vec3 => {
    const p = b.target?.position ?? b.object.position;
    return [p[0], p[1], p[2] + targetHeight / 2];
  };
  const above = (b: Belief): Vec3 => {
    const t = top(b);
    return [t[0], t[1], t[2] + CARRY];
  };
  const release = (b: Belief): Vec3 => {
    const t = top(b);
    return [t[0], t[1], t[2] + half + 0.006];
  };
  let placeYaw = 0;
  return [
    ...grasp,
    {
      name: "lift",
      next: retry,
      goal: (b) => {
        placeYaw = geo.targetRound || !b.target ? b.toolYaw : nearestFaceYaw(b.target.yaw, b.toolYaw);
        return { position: [b.ee.position[0], b.ee.position[1], above(b)[2]], yaw: b.toolYaw, gripper: 0 };
      },
      done: (b) => !b.held || b.ee.position[2] >= above(b)[2] - 0.02,
    },
    { name: "carry", next: retry, goal: (b) => ({ position: above(b), yaw: placeYaw, gripper: 0 }), done: (b) => !b.held || reached(b, above(b), 0.008) },
    { name: "lower", goal: (b) => ({ position: release(b), yaw: placeYaw, gripper: 0, maxStep: 0.03 }), done: (b) => reached(b, release(b), 0.005) },
    { name: "release", goal: (b) => ({ position: release(b), yaw: placeYaw, gripper: 1 }), done: (b, n) => n >= 3 && b.gripper > 0.9 },
    { name: "retreat", goal: (b) => ({ position: above(b), yaw: placeYaw, gripper: 1 }), done: () => false },
  ];
}

/**
 * The push plan, from beliefs: go behind the seen object on the line from the seen target
 * through it, lower the closed gripper, and push along that line, re-aiming each step as the
 * object's estimate moves; if the object drifts off the line, back off and re-approach.
 */
import type { Vec3 } from "@gauntlet/core";
import { type Belief, type Phase, type PlanGeometry, reached } from "./phase-machine";

const STANDOFF = 0.045;

/** Phases for "push". */
export function pushPlan(geo: PlanGeometry): Phase[] {
  const [sx, sy, sz] = geo.objectSize;
  const reach = Math.hypot(sx, sy) / 2;
  const line = (b: Belief) => {
    const o = b.object.position;
    const t = b.target?.position ?? o;
    const d = Math.hypot(t[0] - o[0], t[1] - o[1]) || 1;
    return { o, t, dir: [(t[0] - o[0]) / d, (t[1] - o[1]) / d], dist: d };
  };
  const low = (b: Belief) => Math.max(geo.toolFloor, b.object.position[2] - sz / 2 + 0.02);
  const behind = (b: Belief, back: number, z: number): Vec3 => {
    const { o, dir } = line(b);
    return [o[0] - dir[0] * back, o[1] - dir[1] * back, z];
  };
  const yaw = (b: Belief) => Math.atan2(line(b).dir[1], line(b).dir[0]);
  const offLine = (b: Belief) => {
    const { o, dir } = line(b);
    const rel = [b.ee.position[0] - o[0], b.ee.position[1] - o[1]];
    return Math.abs(rel[0] * dir[1] - rel[1] * dir[0]) > 0.012 || rel[0] * dir[0] + rel[1] * dir[1] > -reach + 0.005;
  };
  const start = (b: Belief, dz: number) => behind(b, STANDOFF + reach, low(b) + dz);
  return [
    { name: "above", goal: (b) => ({ position: start(b, 0.06), yaw: yaw(b), gripper: 0 }), done: (b) => reached(b, start(b, 0.06), 0.01) },
    { name: "lower", touching: true, goal: (b) => ({ position: start(b, 0), yaw: yaw(b), gripper: 0 }), done: (b) => reached(b, start(b, 0), 0.006) },
    {
      name: "push",
      touching: true,
      goal: (b) => {
        const { t, dir } = line(b);
        const back = reach + 0.008;
        return { position: [t[0] - dir[0] * back, t[1] - dir[1] * back, low(b)], yaw: yaw(b), gripper: 0, maxStep: 0.015 };
      },
      done: (b) => line(b).dist < 0.008 || offLine(b),
    },
    {
      name: "back-off",
      touching: true,
      next: "above",
      goal: (b) => ({ position: [b.ee.position[0], b.ee.position[1], low(b) + 0.06], yaw: yaw(b), gripper: 0 }),
      done: (b) => b.ee.position[2] >= low(b) + 0.05,
    },
  ];
}

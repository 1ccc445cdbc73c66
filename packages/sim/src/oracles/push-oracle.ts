/**
 * Scripted privileged-state plan for pushing: go behind the object on the line from the target
 * through the object, lower the closed gripper, and push along that line, re-aiming each step.
 * If the object drifts off the line, back off and re-approach.
 */
import type { Scene, Vec3 } from "@gauntlet/core";
import { halfHeight, objectParam, type SimState } from "../tasks/task";
import type { Phase } from "./pick-place-oracle";
import { reached } from "./oracle-geometry";

const STANDOFF = 0.045;

/** The phase list of an oracle for a push scene. */
export function pushPhases(scene: Scene): Phase[] {
  const obj = objectParam(scene, "object", "cube");
  const target = objectParam(scene, "target", "target");
  const reach = obj.type === "box" ? Math.hypot(obj.size[0], obj.size[1]) / 2 : obj.size[0];
  const line = (s: SimState) => {
    const o = s.objects[obj.id].position;
    const t = s.objects[target.id].position;
    const d = Math.hypot(t[0] - o[0], t[1] - o[1]) || 1;
    return { o, t, dir: [(t[0] - o[0]) / d, (t[1] - o[1]) / d], dist: d };
  };
  const behind = (s: SimState, back: number, z: number): Vec3 => {
    const { o, dir } = line(s);
    return [o[0] - dir[0] * back, o[1] - dir[1] * back, z];
  };
  const low = (s: SimState) => Math.max(s.toolFloor, s.objects[obj.id].position[2] - halfHeight(obj) + 0.02);
  const yaw = (s: SimState) => Math.atan2(line(s).dir[1], line(s).dir[0]);
  const offLine = (s: SimState) => {
    const { o, dir } = line(s);
    const rel = [s.ee.position[0] - o[0], s.ee.position[1] - o[1]];
    return Math.abs(rel[0] * dir[1] - rel[1] * dir[0]) > 0.012 || rel[0] * dir[0] + rel[1] * dir[1] > -reach + 0.005;
  };
  return [
    { name: "above", goal: (s) => ({ position: behind(s, STANDOFF + reach, low(s) + 0.06), yaw: yaw(s), gripper: 0 }), done: (s) => reached(s, behind(s, STANDOFF + reach, low(s) + 0.06), 0.01) },
    { name: "lower", goal: (s) => ({ position: behind(s, STANDOFF + reach, low(s)), yaw: yaw(s), gripper: 0 }), done: (s) => reached(s, behind(s, STANDOFF + reach, low(s)), 0.006) },
    {
      name: "push",
      goal: (s) => {
        const { t, dir } = line(s);
        const back = reach + 0.008;
        return { position: [t[0] - dir[0] * back, t[1] - dir[1] * back, low(s)], yaw: yaw(s), gripper: 0, maxStep: 0.015 };
      },
      done: (s) => line(s).dist < 0.008 || offLine(s),
    },
    { name: "back-off", next: "above", goal: (s) => ({ position: [s.ee.position[0], s.ee.position[1], low(s) + 0.06], yaw: yaw(s), gripper: 0 }), done: (s) => s.ee.position[2] >= low(s) + 0.05 },
  ];
}

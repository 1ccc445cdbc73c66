/**
 * Whether a scene is a fair episode: it parses, its task builds, every object stays on the table
 * and clear of the others over its whole randomisation envelope, the task's objects stay in the
 * arm's reach (workspace box and top-down IK) and in every fixed camera's view, the grasped object
 * fits the open gripper, and there is light to see by. A perturbation is judged by the violations
 * it adds to the nominal scene's, so a scene file's own quirks never reject its perturbations.
 */
import type { Pose, Scene, SceneCamera, Vec3 } from "@gauntlet/core";
import { composePose, invertPose, parseScene } from "@gauntlet/core";
import { makeTask, WORKSPACE } from "@gauntlet/sim";
import { compileChain, eePose, type KinematicChain, loadRobotDescription, solveIk } from "@gauntlet/sim/robot";
import { centreEnvelope, contains, corners, coverEnvelope, footprintRadius, graspedObject, gripWidth, halfHeightOf, overlaps, type Rect, tableRect, taskObjectIds } from "./footprint";

/** One broken rule; `key` names the rule and the objects, so the same problem has the same key in two scenes. */
export interface Violation {
  key: string;
  message: string;
}

const GRIP_MARGIN = 0.01;
const MIN_LIGHT = 0.2;

/** Every rule the scene breaks. */
export function sceneViolations(scene: Scene): Violation[] {
  const out: Violation[] = [];
  try {
    parseScene(scene);
    makeTask(scene);
  } catch (err) {
    return [{ key: "schema", message: (err as Error).message }];
  }
  const table = tableRect(scene);
  const solid = scene.objects.filter((o) => o.body !== "visual");
  for (const obj of solid) {
    if (!contains(table, coverEnvelope(scene, obj))) out.push({ key: `table:${obj.id}`, message: `${obj.id} can start partly off the table (${fmtRect(coverEnvelope(scene, obj))} vs table ${fmtRect(table)})` });
    const bottom = obj.pose.position[2] - halfHeightOf(obj);
    if (bottom < scene.table.height - 1e-3) out.push({ key: `sinks:${obj.id}`, message: `${obj.id} reaches ${(scene.table.height - bottom).toFixed(3)} m into the table` });
  }
  out.push(...overlapViolations(scene));
  const grasped = graspedObject(scene);
  const open = robotOf(scene).robot.gripper.open;
  if (grasped && gripWidth(grasped) > open - GRIP_MARGIN) {
    out.push({ key: `grip:${grasped.id}`, message: `${grasped.id} is ${gripWidth(grasped).toFixed(3)} m wide; the open gripper takes at most ${(open - GRIP_MARGIN).toFixed(3)} m` });
  }
  for (const id of taskObjectIds(scene)) out.push(...reachViolations(scene, id), ...viewViolations(scene, id));
  const light = scene.lights.reduce((s, l) => s + l.intensity, 0);
  if (light < MIN_LIGHT) out.push({ key: "dark", message: `total light intensity ${light.toFixed(2)} is below ${MIN_LIGHT}` });
  return out;
}

/** The violations of `perturbed` that the nominal scene does not have. */
export function addedViolations(nominal: Scene, perturbed: Scene): Violation[] {
  const known = new Set(sceneViolations(nominal).map((v) => v.key));
  return sceneViolations(perturbed).filter((v) => !known.has(v.key));
}

/** Pairs of objects that could interpenetrate at the start of some episode. */
function overlapViolations(scene: Scene): Violation[] {
  const out: Violation[] = [];
  const { objects, task } = scene;
  for (let i = 0; i < objects.length; i++) {
    for (let j = i + 1; j < objects.length; j++) {
      const [a, b] = [objects[i], objects[j]];
      if (a.body === "visual" && b.body === "visual") continue;
      if (task.randomize[a.id] && task.randomize[b.id]) {
        // Both are placed per episode with at least minSeparation between centres; markers may be touched.
        const need = footprintRadius(a) + footprintRadius(b);
        if (a.body !== "visual" && b.body !== "visual" && task.minSeparation < need) {
          out.push({ key: `overlap:${a.id}:${b.id}`, message: `${a.id} and ${b.id} need ${need.toFixed(3)} m between centres; task.minSeparation is ${task.minSeparation}` });
        }
      } else if (overlaps(coverEnvelope(scene, a), coverEnvelope(scene, b))) {
        out.push({ key: `overlap:${a.id}:${b.id}`, message: `${a.id} and ${b.id} can overlap (${fmtRect(coverEnvelope(scene, a))} and ${fmtRect(coverEnvelope(scene, b))})` });
      }
    }
  }
  return out;
}

/** A task object's centre must stay in the workspace box, and the tool must reach it from above. */
function reachViolations(scene: Scene, id: string): Violation[] {
  const obj = scene.objects.find((o) => o.id === id);
  if (!obj) return [];
  const base: Pose = { position: scene.robot.base.position, quaternion: scene.robot.base.quaternion ?? [0, 0, 0, 1] };
  const toBase = invertPose(base);
  const chain = robotOf(scene);
  const z = obj.pose.position[2];
  const points = corners(centreEnvelope(scene, obj)).map(([x, y]) => composePose(toBase, { position: [x, y, z], quaternion: [0, 0, 0, 1] }).position);
  const out: Violation[] = [];
  const outside = points.find((p) => p[0] < WORKSPACE.x[0] || p[0] > WORKSPACE.x[1] || p[1] < WORKSPACE.y[0] || p[1] > WORKSPACE.y[1]);
  if (outside) out.push({ key: `reach:${id}`, message: `${id} can start at ${fmtVec(outside)} (robot frame), outside the workspace x ${WORKSPACE.x}, y ${WORKSPACE.y}` });
  const unreachable = points.find((p) => !reachableFromAbove(chain, p));
  if (unreachable) out.push({ key: `ik:${id}`, message: `${id} can start at ${fmtVec(unreachable)} (robot frame), where the gripper cannot reach it from above` });
  return out;
}

/** A task object must stay in the view of every fixed camera wherever it starts. */
function viewViolations(scene: Scene, id: string): Violation[] {
  const obj = scene.objects.find((o) => o.id === id);
  if (!obj) return [];
  const z = obj.pose.position[2];
  const out: Violation[] = [];
  for (const cam of scene.cameras.filter((c) => c.mount === "world")) {
    const hidden = corners(centreEnvelope(scene, obj)).find(([x, y]) => !inView(cam, [x, y, z]));
    if (hidden) out.push({ key: `view:${cam.name}:${id}`, message: `${id} can start at ${fmtVec([...hidden, z])}, outside camera ${cam.name}'s view` });
  }
  return out;
}

/** Whether a world point projects inside a world-mounted camera's image. */
export function inView(cam: SceneCamera, p: Vec3): boolean {
  const f = normalize(sub(cam.lookAt, cam.position));
  const r = normalize(cross(f, cam.up));
  const u = cross(r, f);
  const d = sub(p, cam.position);
  const zc = dot(d, f);
  if (zc <= cam.near) return false;
  const [xc, yc] = [dot(d, r), dot(d, u)];
  if (cam.intrinsics) {
    const { fx, fy, cx, cy } = cam.intrinsics;
    const [px, py] = [cx + (fx * xc) / zc, cy - (fy * yc) / zc];
    return px >= 0 && px <= cam.width && py >= 0 && py <= cam.height;
  }
  const t = Math.tan(((cam.fovY / 2) * Math.PI) / 180);
  return Math.abs(yc / (zc * t)) <= 1 && Math.abs(xc / (zc * t * (cam.width / cam.height))) <= 1;
}

const chains = new Map<string, KinematicChain>();
const reachCache = new Map<string, boolean>();

function robotOf(scene: Scene): KinematicChain {
  const name = scene.robot.description;
  const known = chains.get(name);
  if (known) return known;
  const chain = compileChain(loadRobotDescription(name));
  chains.set(name, chain);
  return chain;
}

/** Top-down IK at a base-frame point, cached per millimetre: most perturbations leave task objects where they were. */
function reachableFromAbove(chain: KinematicChain, p: Vec3): boolean {
  const key = `${chain.robot.name}|${p.map((v) => Math.round(v * 1000)).join(",")}`;
  let ok = reachCache.get(key);
  if (ok === undefined) {
    const down = eePose(chain, chain.robot.home).quaternion;
    ok = solveIk(chain, { position: p, quaternion: down }, chain.robot.home, { positionTolerance: 0.005, rotationTolerance: 0.1 }).converged;
    reachCache.set(key, ok);
  }
  return ok;
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const normalize = (a: Vec3): Vec3 => {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
};
const fmtVec = (v: readonly number[]) => `[${v.map((x) => x.toFixed(3)).join(", ")}]`;
const fmtRect = (r: Rect) => `x ${r.x.map((v) => v.toFixed(3)).join("..")}, y ${r.y.map((v) => v.toFixed(3)).join("..")}`;

/** Where an object can be at the start of an episode: its shape's extent and its randomisation envelope. */
import type { Scene, SceneObject } from "@gauntlet/core";

/** An axis-aligned rectangle in the table plane. */
export interface Rect {
  x: [number, number];
  y: [number, number];
}

/** Radius of a circle around the object's centre that contains its outline in the table plane, whatever its yaw. */
export function footprintRadius(obj: SceneObject): number {
  return obj.type === "box" ? Math.hypot(obj.size[0], obj.size[1]) / 2 : obj.size[0];
}

/** Half the vertical extent of an upright object. */
export function halfHeightOf(obj: SceneObject): number {
  if (obj.type === "box") return obj.size[2] / 2;
  if (obj.type === "cylinder") return obj.size[1] / 2;
  return obj.size[0];
}

/** Narrowest horizontal width of an object: what the gripper has to close around. */
export function gripWidth(obj: SceneObject): number {
  return obj.type === "box" ? Math.min(obj.size[0], obj.size[1]) : 2 * obj.size[0];
}

/** Every position the object's centre can start at: its pose plus the task's randomisation range. */
export function centreEnvelope(scene: Scene, obj: SceneObject): Rect {
  const r = scene.task.randomize[obj.id] ?? {};
  const [x, y] = obj.pose.position;
  return { x: [x + (r.x?.[0] ?? 0), x + (r.x?.[1] ?? 0)], y: [y + (r.y?.[0] ?? 0), y + (r.y?.[1] ?? 0)] };
}

/** Every point the object can cover at the start: its centre envelope grown by its footprint. */
export function coverEnvelope(scene: Scene, obj: SceneObject): Rect {
  return grow(centreEnvelope(scene, obj), footprintRadius(obj));
}

/** A rectangle grown by `d` on every side. */
export function grow(r: Rect, d: number): Rect {
  return { x: [r.x[0] - d, r.x[1] + d], y: [r.y[0] - d, r.y[1] + d] };
}

/** Whether two rectangles overlap (touching edges do not count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x[0] < b.x[1] && b.x[0] < a.x[1] && a.y[0] < b.y[1] && b.y[0] < a.y[1];
}

/** Whether `inner` lies inside `outer`, with a tolerance of `eps`. */
export function contains(outer: Rect, inner: Rect, eps = 1e-9): boolean {
  return inner.x[0] >= outer.x[0] - eps && inner.x[1] <= outer.x[1] + eps && inner.y[0] >= outer.y[0] - eps && inner.y[1] <= outer.y[1] + eps;
}

/** The four corners of a rectangle. */
export function corners(r: Rect): [number, number][] {
  return [
    [r.x[0], r.y[0]],
    [r.x[1], r.y[0]],
    [r.x[0], r.y[1]],
    [r.x[1], r.y[1]],
  ];
}

/** The table top as a rectangle. */
export function tableRect(scene: Scene): Rect {
  const { center, size } = scene.table;
  return { x: [center[0] - size[0] / 2, center[0] + size[0] / 2], y: [center[1] - size[1] / 2, center[1] + size[1] / 2] };
}

/** Ids of the objects the task is about: those its parameters name, and those it randomises. */
export function taskObjectIds(scene: Scene): string[] {
  const ids = new Set<string>();
  for (const v of Object.values(scene.task.params)) if (typeof v === "string" && scene.objects.some((o) => o.id === v)) ids.add(v);
  for (const id of Object.keys(scene.task.randomize)) ids.add(id);
  return scene.objects.filter((o) => ids.has(o.id)).map((o) => o.id);
}

/** The object the gripper must pick up, for tasks that grasp one. */
export function graspedObject(scene: Scene): SceneObject | undefined {
  if (scene.task.type === "push") return undefined;
  const id = scene.task.params.object ?? (scene.task.type === "stack" ? "cubeA" : "cube");
  return scene.objects.find((o) => o.id === id);
}

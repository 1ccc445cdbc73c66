/** An upright primitive resting on the table: the object model every stage after segmentation works on. */
import type { Quat, Vec3 } from "@gauntlet/core";
import { quatFromEuler } from "@gauntlet/core";

export type PrimitiveType = "box" | "cylinder" | "sphere";

/** An upright box (yawed), upright cylinder or sphere; `center` is in the world frame (z up). */
export interface Primitive {
  type: PrimitiveType;
  center: Vec3;
  /** Rotation about world z, radians (boxes only; 0 otherwise). */
  yaw: number;
  /** box: [x, y, z] full extents; cylinder: [radius, height]; sphere: [radius]; metres. */
  size: number[];
}

/** Height of the primitive's top above its bottom. */
export function primitiveHeight(p: Primitive): number {
  return p.type === "box" ? p.size[2] : p.type === "cylinder" ? p.size[1] : 2 * p.size[0];
}

/** The primitive's orientation as a quaternion. */
export function primitiveQuat(p: Primitive): Quat {
  return quatFromEuler(0, 0, p.type === "box" ? p.yaw : 0);
}

/** Signed distance from a world point to the primitive's surface (negative inside). */
export function signedDistance(p: Primitive, q: Vec3): number {
  const dx = q[0] - p.center[0];
  const dy = q[1] - p.center[1];
  const dz = q[2] - p.center[2];
  if (p.type === "sphere") return Math.hypot(dx, dy, dz) - p.size[0];
  if (p.type === "cylinder") return boxLike([Math.hypot(dx, dy) - p.size[0], Math.abs(dz) - p.size[1] / 2]);
  const c = Math.cos(p.yaw);
  const s = Math.sin(p.yaw);
  const lx = c * dx + s * dy;
  const ly = -s * dx + c * dy;
  return boxLike([Math.abs(lx) - p.size[0] / 2, Math.abs(ly) - p.size[1] / 2, Math.abs(dz) - p.size[2] / 2]);
}

/** Distance for a box given per-axis excess distances |x| - half-extent. */
function boxLike(d: number[]): number {
  const outside = Math.hypot(...d.map((v) => Math.max(v, 0)));
  return outside + Math.min(Math.max(...d), 0);
}

/** Boxes are symmetric under quarter turns: keep yaw in (-pi/4, pi/4], swapping x and y extents as needed. */
export function canonicalYaw(p: Primitive): Primitive {
  if (p.type !== "box") return { ...p, yaw: 0 };
  let yaw = p.yaw;
  let [sx, sy] = p.size;
  while (yaw > Math.PI / 4) {
    yaw -= Math.PI / 2;
    [sx, sy] = [sy, sx];
  }
  while (yaw <= -Math.PI / 4) {
    yaw += Math.PI / 2;
    [sx, sy] = [sy, sx];
  }
  return { ...p, yaw, size: [sx, sy, p.size[2]] };
}

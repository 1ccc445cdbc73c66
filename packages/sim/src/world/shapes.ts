import type { Quat, Vec3 } from "@gauntlet/core";
import { quatMultiply } from "@gauntlet/core";
import type RAPIER from "@dimforge/rapier3d-compat";
import type { Rapier } from "./rapier";

/** A primitive as scenes and robot descriptions both declare it. */
export interface Primitive {
  type: "box" | "cylinder" | "sphere";
  /** box: full extents; cylinder: [radius, height] along local z; sphere: [radius]. */
  size: number[];
}

/** Rapier and three.js cylinders run along local y; ours run along local z, as in URDF. This turns y into z. */
export const Y_TO_Z: Quat = [Math.SQRT1_2, 0, 0, Math.SQRT1_2];

/** A Rapier collider description for a primitive placed at `offset` (position, rotation) in its body. */
export function colliderFor(R: Rapier, shape: Primitive, offset?: { position: Vec3; quaternion: Quat }): RAPIER.ColliderDesc {
  const [a, b, c] = shape.size;
  let desc: RAPIER.ColliderDesc;
  let rotation: Quat = offset?.quaternion ?? [0, 0, 0, 1];
  if (shape.type === "box") desc = R.ColliderDesc.cuboid(a / 2, b / 2, c / 2);
  else if (shape.type === "sphere") desc = R.ColliderDesc.ball(a);
  else {
    desc = R.ColliderDesc.cylinder(b / 2, a);
    rotation = quatMultiply(rotation, Y_TO_Z);
  }
  if (offset) desc.setTranslation(...offset.position);
  return desc.setRotation({ x: rotation[0], y: rotation[1], z: rotation[2], w: rotation[3] });
}

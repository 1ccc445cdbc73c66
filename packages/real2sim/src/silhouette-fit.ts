/**
 * Stage 3 for calibrated RGB: with no depth, an object's primitive is found from its silhouette.
 * A first guess rests on the table under the mask's centroid, sized from the mask's width at that
 * distance; render-and-compare (refine.ts) then fits position, yaw and size for a box and a
 * cylinder, and the type with the better silhouette IoU is kept (1 - IoU is its residual).
 */
import type { Vec3 } from "@gauntlet/core";
import { type CameraModel, backProjectToPlane } from "./camera";
import type { Primitive, PrimitiveType } from "./primitive";

/** A resting primitive of `type` whose projection roughly covers the mask `pixels`. */
export function guessFromSilhouette(pixels: Int32Array, camera: CameraModel, tableHeight: number, type: PrimitiveType): Primitive {
  const width = camera.width;
  let su = 0;
  let sv = 0;
  let uMin = Number.POSITIVE_INFINITY;
  let uMax = Number.NEGATIVE_INFINITY;
  for (const i of pixels) {
    const u = i % width;
    su += u + 0.5;
    sv += (i - u) / width + 0.5;
    uMin = Math.min(uMin, u);
    uMax = Math.max(uMax, u + 1);
  }
  const cu = su / pixels.length;
  const cv = sv / pixels.length;
  let side = 0.04;
  let centre: Vec3 = [0, 0, tableHeight + side / 2];
  for (let it = 0; it < 4; it++) {
    const p = backProjectToPlane(camera, cu, cv, tableHeight + side / 2);
    if (!p) throw new Error(`a mask centred at pixel (${cu.toFixed(0)}, ${cv.toFixed(0)}) does not look at the table`);
    centre = p;
    const d = Math.hypot(p[0] - camera.pose.position[0], p[1] - camera.pose.position[1], p[2] - camera.pose.position[2]);
    // A box seen obliquely spans about 1.2 of its side; a cylinder its diameter.
    side = ((uMax - uMin) * d) / camera.intrinsics.fx / (type === "box" ? 1.2 : 1);
  }
  if (type === "box") return { type, center: [centre[0], centre[1], tableHeight + side / 2], yaw: 0, size: [side, side, side] };
  if (type === "cylinder") return { type, center: [centre[0], centre[1], tableHeight + side / 2], yaw: 0, size: [side / 2, side] };
  return { type, center: [centre[0], centre[1], tableHeight + side / 2], yaw: 0, size: [side / 2] };
}

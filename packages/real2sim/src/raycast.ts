/**
 * Exact depth of a tabletop of primitives by ray casting: the depth sensor of the synthetic
 * round trip. Depth is the camera-frame z of the first hit (what RGB-D cameras report), 0 for a miss.
 */
import type { Vec3 } from "@gauntlet/core";
import { quatRotate } from "@gauntlet/core";
import { type CameraModel, pixelRay } from "./camera";
import type { DepthImage } from "./image-io";
import type { Primitive } from "./primitive";

/** The table top as a horizontal rectangle at z = height. */
export interface TableTop {
  center: [number, number];
  size: [number, number];
  height: number;
}

/** Ray parameter of the first hit of origin + t * dir (t > 0) with the primitive, or Infinity. */
export function intersectPrimitive(p: Primitive, origin: Vec3, dir: Vec3): number {
  const o: Vec3 = [origin[0] - p.center[0], origin[1] - p.center[1], origin[2] - p.center[2]];
  if (p.type === "sphere") return sphereHit(o, dir, p.size[0]);
  if (p.type === "cylinder") return cylinderHit(o, dir, p.size[0], p.size[1] / 2);
  const c = Math.cos(p.yaw);
  const s = Math.sin(p.yaw);
  const lo: Vec3 = [c * o[0] + s * o[1], -s * o[0] + c * o[1], o[2]];
  const ld: Vec3 = [c * dir[0] + s * dir[1], -s * dir[0] + c * dir[1], dir[2]];
  return slabHit(lo, ld, [p.size[0] / 2, p.size[1] / 2, p.size[2] / 2]);
}

function sphereHit(o: Vec3, d: Vec3, r: number): number {
  const a = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
  const b = 2 * (o[0] * d[0] + o[1] * d[1] + o[2] * d[2]);
  const c = o[0] ** 2 + o[1] ** 2 + o[2] ** 2 - r * r;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return Number.POSITIVE_INFINITY;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t > 0 ? t : Number.POSITIVE_INFINITY;
}

function cylinderHit(o: Vec3, d: Vec3, r: number, half: number): number {
  let best = Number.POSITIVE_INFINITY;
  const a = d[0] ** 2 + d[1] ** 2;
  if (a > 1e-12) {
    const b = 2 * (o[0] * d[0] + o[1] * d[1]);
    const c = o[0] ** 2 + o[1] ** 2 - r * r;
    const disc = b * b - 4 * a * c;
    if (disc >= 0) {
      const t = (-b - Math.sqrt(disc)) / (2 * a);
      if (t > 0 && Math.abs(o[2] + t * d[2]) <= half) best = t;
    }
  }
  for (const zc of [half, -half]) {
    if (Math.abs(d[2]) < 1e-12) continue;
    const t = (zc - o[2]) / d[2];
    if (t > 0 && t < best && (o[0] + t * d[0]) ** 2 + (o[1] + t * d[1]) ** 2 <= r * r) best = t;
  }
  return best;
}

function slabHit(o: Vec3, d: Vec3, half: Vec3): number {
  let t0 = Number.NEGATIVE_INFINITY;
  let t1 = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    if (Math.abs(d[k]) < 1e-12) {
      if (Math.abs(o[k]) > half[k]) return Number.POSITIVE_INFINITY;
      continue;
    }
    const ta = (-half[k] - o[k]) / d[k];
    const tb = (half[k] - o[k]) / d[k];
    t0 = Math.max(t0, Math.min(ta, tb));
    t1 = Math.min(t1, Math.max(ta, tb));
  }
  if (t0 > t1 || t1 <= 0) return Number.POSITIVE_INFINITY;
  return t0 > 0 ? t0 : Number.POSITIVE_INFINITY;
}

/** Exact depth image of the table and primitives, plus which primitive (k + 1) each pixel sees (0 = table or nothing). */
export function raycastDepth(cam: CameraModel, table: TableTop, prims: Primitive[]): { depth: DepthImage; labels: Int32Array } {
  const { width, height } = cam;
  const data = new Float32Array(width * height);
  const labels = new Int32Array(width * height);
  const origin = cam.pose.position;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const ray = pixelRay(cam.intrinsics, u + 0.5, v + 0.5);
      const dir = quatRotate(cam.pose.quaternion, ray);
      // With the ray's camera-frame z equal to 1, the ray parameter is the depth itself.
      let best = Number.POSITIVE_INFINITY;
      let label = 0;
      if (Math.abs(dir[2]) > 1e-12) {
        const t = (table.height - origin[2]) / dir[2];
        const x = origin[0] + t * dir[0];
        const y = origin[1] + t * dir[1];
        if (t > 0 && Math.abs(x - table.center[0]) <= table.size[0] / 2 && Math.abs(y - table.center[1]) <= table.size[1] / 2) best = t;
      }
      prims.forEach((p, k) => {
        const t = intersectPrimitive(p, origin, dir);
        if (t < best) {
          best = t;
          label = k + 1;
        }
      });
      const i = v * width + u;
      data[i] = Number.isFinite(best) ? best : 0;
      labels[i] = label;
    }
  }
  return { depth: { width, height, data }, labels };
}

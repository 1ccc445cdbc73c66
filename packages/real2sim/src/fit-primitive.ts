/**
 * Stage 3 for RGB-D: fit an upright box, cylinder and sphere to an object's 3D points (world
 * frame, table top at z = tableHeight) and keep the one with the smallest RMS point-to-surface
 * residual. The footprint comes from the points' outline in the table plane (the minimum-area
 * rectangle for a box, a circle for the round shapes); the height from the top surface.
 */
import type { Vec3 } from "@gauntlet/core";
import { type Primitive, type PrimitiveType, canonicalYaw, signedDistance } from "./primitive";
import { type Point2, convexHull, fitCircle, minAreaRect, rectAt, samplePerimeter } from "./shape-2d";
import { median, quantile } from "./vec";

/** The chosen primitive and the residual of every candidate, m RMS. */
export interface PrimitiveFit {
  primitive: Primitive;
  residuals: Record<PrimitiveType, number>;
}

/** Fits all three primitive types to the points and returns the best by residual. */
export function fitPrimitive(points: Vec3[], tableHeight: number): PrimitiveFit {
  if (points.length < 10) throw new Error(`fitPrimitive: expected at least 10 points, got ${points.length}`);
  const heights = points.map((p) => p[2] - tableHeight);
  // The top surface: the points within 6 mm of the highest ones; its median is robust to noise.
  const top = quantile(heights, 0.99);
  const h = Math.max(0.005, median(heights.filter((z) => z >= top - 0.006)));
  const xy: Point2[] = points.map((p) => [p[0], p[1]]);
  const hull = convexHull(xy);
  const rect = minAreaRect(hull);
  const trimmed = rectAt(xy, rect.angle, 0.002);
  const circle = fitCircle(samplePerimeter(hull, 96));
  const candidates: Primitive[] = [
    canonicalYaw({ type: "box", center: [trimmed.center[0], trimmed.center[1], tableHeight + h / 2], yaw: trimmed.angle, size: [trimmed.size[0], trimmed.size[1], h] }),
    { type: "cylinder", center: [circle.center[0], circle.center[1], tableHeight + h / 2], yaw: 0, size: [circle.radius, h] },
    sphereFit(points, circle.center, tableHeight),
  ];
  const sample = subsample(points, 4000);
  const residuals = {} as Record<PrimitiveType, number>;
  for (const c of candidates) residuals[c.type] = rms(sample.map((q) => signedDistance(c, q)));
  const best = candidates.reduce((a, b) => (residuals[b.type] < residuals[a.type] ? b : a));
  return { primitive: best, residuals };
}

/**
 * A sphere resting on the table has its centre at height r above its contact point, so each surface
 * point p (relative to the contact point) satisfies |p - (0, 0, r)| = r, i.e. r = |p|^2 / (2 p_z).
 * The median over points well above the table is robust to noise.
 */
function sphereFit(points: Vec3[], center: Point2, tableHeight: number): Primitive {
  const radii: number[] = [];
  for (const p of points) {
    const z = p[2] - tableHeight;
    if (z < 0.01) continue;
    radii.push(((p[0] - center[0]) ** 2 + (p[1] - center[1]) ** 2 + z * z) / (2 * z));
  }
  const r = radii.length ? median(radii) : 0.01;
  return { type: "sphere", center: [center[0], center[1], tableHeight + r], yaw: 0, size: [r] };
}

function rms(values: number[]): number {
  return Math.sqrt(values.reduce((a, v) => a + v * v, 0) / Math.max(1, values.length));
}

function subsample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]);
}

/** Planar shape helpers for footprints on the table: convex hull, minimum-area rectangle, circle fit. */

/** A point in the table plane, metres. */
export type Point2 = [number, number];

/** Convex hull (Andrew's monotone chain), counter-clockwise, without repeated end point. */
export function convexHull(points: Point2[]): Point2[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: Point2, a: Point2, b: Point2) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point2[] = [];
  for (const pt of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], pt) <= 0) lower.pop();
    lower.push(pt);
  }
  const upper: Point2[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p[i]) <= 0) upper.pop();
    upper.push(p[i]);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** A rectangle in the plane: centre, rotation (radians, of its first axis) and full side lengths. */
export interface Rect {
  center: Point2;
  angle: number;
  size: Point2;
}

/** The minimum-area rectangle enclosing a convex polygon (rotating calipers over hull edges). */
export function minAreaRect(hull: Point2[]): Rect {
  let best: Rect = { center: hull[0] ?? [0, 0], angle: 0, size: [0, 0] };
  let bestArea = Number.POSITIVE_INFINITY;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const angle = Math.atan2(b[1] - a[1], b[0] - a[0]);
    const r = rectAt(hull, angle);
    if (r.size[0] * r.size[1] < bestArea) {
      bestArea = r.size[0] * r.size[1];
      best = r;
    }
  }
  return best;
}

/** The axis-aligned (in a frame rotated by `angle`) rectangle enclosing the points, trimmed to quantiles lo..1-lo. */
export function rectAt(points: Point2[], angle: number, lo = 0): Rect {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const us = points.map((p) => c * p[0] + s * p[1]).sort((x, y) => x - y);
  const vs = points.map((p) => -s * p[0] + c * p[1]).sort((x, y) => x - y);
  const at = (arr: number[], q: number) => arr[Math.min(arr.length - 1, Math.max(0, Math.round(q * (arr.length - 1))))];
  const [u0, u1, v0, v1] = [at(us, lo), at(us, 1 - lo), at(vs, lo), at(vs, 1 - lo)];
  const cu = (u0 + u1) / 2;
  const cv = (v0 + v1) / 2;
  return { center: [c * cu - s * cv, s * cu + c * cv], angle, size: [u1 - u0, v1 - v0] };
}

/** Least-squares (Kasa) circle through the points: centre and radius. */
export function fitCircle(points: Point2[]): { center: Point2; radius: number } {
  // x^2 + y^2 + D x + E y + F = 0, solved by the 3x3 normal equations.
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  for (const [x, y] of points) {
    const row = [x, y, 1];
    const rhs = -(x * x + y * y);
    for (let i = 0; i < 3; i++) {
      r[i] += row[i] * rhs;
      for (let j = 0; j < 3; j++) m[3 * i + j] += row[i] * row[j];
    }
  }
  const [D, E, F] = solve3(m, r);
  const center: Point2 = [-D / 2, -E / 2];
  return { center, radius: Math.sqrt(Math.max(0, center[0] ** 2 + center[1] ** 2 - F)) };
}

/** Points spaced evenly along a closed polygon's perimeter (so long edges count as much as dense arcs). */
export function samplePerimeter(polygon: Point2[], count: number): Point2[] {
  const n = polygon.length;
  const lengths = polygon.map((p, i) => Math.hypot(polygon[(i + 1) % n][0] - p[0], polygon[(i + 1) % n][1] - p[1]));
  const total = lengths.reduce((a, b) => a + b, 0);
  if (n < 2 || total === 0) return polygon.slice();
  const out: Point2[] = [];
  let edge = 0;
  let walked = 0;
  for (let k = 0; k < count; k++) {
    const target = (k * total) / count;
    while (walked + lengths[edge] < target && edge < n - 1) walked += lengths[edge++];
    const t = lengths[edge] > 0 ? (target - walked) / lengths[edge] : 0;
    const a = polygon[edge];
    const b = polygon[(edge + 1) % n];
    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  return out;
}

/** Solves a 3x3 linear system (row-major) by Cramer's rule. */
export function solve3(m: number[], r: number[]): [number, number, number] {
  const det = (a: number[]) => a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
  const d = det(m);
  const col = (k: number) => m.map((v, i) => (i % 3 === k ? r[Math.floor(i / 3)] : v));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

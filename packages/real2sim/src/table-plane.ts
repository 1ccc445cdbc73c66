/**
 * Stage 1, the table plane. From depth: RANSAC over back-projected points, refined by a
 * least-squares (PCA) fit to the inliers. From a calibration: given. Either way the result is a
 * camera placed in a z-up world whose table top is the plane z = tableHeight.
 */
import { cross, dot, normalize, type Rng, type Vec3 } from "@gauntlet/core";
import { type CameraModel, type Intrinsics, quatFromAxes } from "./camera";
import type { DepthImage } from "./image-io";
import type { Calibration } from "./inputs";
import { symmetricEigen3 } from "./vec";

/** A plane n . p + offset = 0 in camera coordinates, with n pointing toward the camera (offset > 0). */
export interface Plane {
  normal: Vec3;
  offset: number;
}

/** The table as seen by the camera: the camera in a z-up world frame, and how well the plane fit. */
export interface TableView {
  camera: CameraModel;
  /** World z of the table top. */
  tableHeight: number;
  /** The plane in camera coordinates (RGB-D only). */
  plane?: Plane;
  /** Share of valid depth points within `threshold` of the plane (RGB-D only). */
  inlierFraction?: number;
  /** RMS distance of the inliers to the plane, m (RGB-D only). */
  rms?: number;
}

/** Options of fitTablePlane. */
export interface PlaneFitOptions {
  /** Inlier distance, m. */
  threshold?: number;
  iterations?: number;
  /** Use every `stride`-th pixel in each direction. */
  stride?: number;
  /** Fewer inliers than this share of the valid points means the camera sees no table. */
  minInlierFraction?: number;
}

/** Camera-frame points of the valid depth pixels on a `stride` grid, flattened xyz. */
export function depthPoints(depth: DepthImage, k: Intrinsics, stride = 1): Float64Array {
  const out: number[] = [];
  for (let v = 0; v < depth.height; v += stride) {
    for (let u = 0; u < depth.width; u += stride) {
      const z = depth.data[v * depth.width + u];
      if (!(z > 0)) continue;
      out.push(((u + 0.5 - k.cx) / k.fx) * z, ((v + 0.5 - k.cy) / k.fy) * z, z);
    }
  }
  return Float64Array.from(out);
}

/** Fits the dominant plane of the depth image by RANSAC; throws when there are no valid pixels or no plane holds enough of them. */
export function fitTablePlane(depth: DepthImage, k: Intrinsics, rng: Rng, opts: PlaneFitOptions = {}): { plane: Plane; inlierFraction: number; rms: number } {
  const threshold = opts.threshold ?? 0.006;
  const stride = opts.stride ?? Math.max(1, Math.round(Math.sqrt((depth.width * depth.height) / 20000)));
  const pts = depthPoints(depth, k, stride);
  const n = pts.length / 3;
  if (n === 0) throw new Error("--depth: no valid pixels (every depth value is 0); expected metric depth, e.g. 16-bit millimetres");
  if (n < 50) throw new Error(`--depth: only ${n} valid pixels on a ${stride}-pixel grid; too few to find the table plane`);
  const p = (i: number): Vec3 => [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]];
  let best: Plane | null = null;
  let bestCount = 0;
  for (let it = 0; it < (opts.iterations ?? 300); it++) {
    const a = p(rng.int(0, n - 1));
    const b = p(rng.int(0, n - 1));
    const c = p(rng.int(0, n - 1));
    const normal = cross([b[0] - a[0], b[1] - a[1], b[2] - a[2]], [c[0] - a[0], c[1] - a[1], c[2] - a[2]]);
    if (Math.hypot(...normal) < 1e-9) continue;
    const plane = orient({ normal: normalize(normal), offset: -dot(normalize(normal), a) });
    const count = countInliers(pts, plane, threshold);
    if (count > bestCount) {
      bestCount = count;
      best = plane;
    }
  }
  if (!best) throw new Error("--depth: the valid depth points are degenerate (all on one line); no table plane");
  // Two rounds of least squares on the inliers remove the bias of the three random samples.
  for (let round = 0; round < 2; round++) best = refit(pts, best, threshold);
  const inliers = countInliers(pts, best, threshold);
  const fraction = inliers / n;
  const need = opts.minInlierFraction ?? 0.3;
  if (fraction < need) {
    throw new Error(
      `--depth: no table plane in view: the best plane holds ${(100 * fraction).toFixed(0)}% of ${n} valid depth points (need ${(100 * need).toFixed(0)}%); point the camera at the table`,
    );
  }
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = dot(best.normal, p(i)) + best.offset;
    if (Math.abs(d) <= threshold) sq += d * d;
  }
  return { plane: best, inlierFraction: fraction, rms: Math.sqrt(sq / Math.max(1, inliers)) };
}

function countInliers(pts: Float64Array, plane: Plane, threshold: number): number {
  const [nx, ny, nz] = plane.normal;
  let count = 0;
  for (let i = 0; i < pts.length; i += 3) if (Math.abs(nx * pts[i] + ny * pts[i + 1] + nz * pts[i + 2] + plane.offset) <= threshold) count++;
  return count;
}

function refit(pts: Float64Array, plane: Plane, threshold: number): Plane {
  const sel: number[] = [];
  for (let i = 0; i < pts.length; i += 3) {
    if (Math.abs(plane.normal[0] * pts[i] + plane.normal[1] * pts[i + 1] + plane.normal[2] * pts[i + 2] + plane.offset) <= threshold) sel.push(i);
  }
  const mean: Vec3 = [0, 0, 0];
  for (const i of sel) for (let k = 0; k < 3; k++) mean[k] += pts[i + k] / sel.length;
  const cov = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const i of sel) {
    const d = [pts[i] - mean[0], pts[i + 1] - mean[1], pts[i + 2] - mean[2]];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) cov[3 * r + c] += d[r] * d[c];
  }
  const normal = symmetricEigen3(cov).vectors[0];
  return orient({ normal, offset: -dot(normal, mean) });
}

/** Flips the plane so that the camera (the origin) is on its positive side. */
function orient(plane: Plane): Plane {
  return plane.offset >= 0 ? plane : { normal: [-plane.normal[0], -plane.normal[1], -plane.normal[2]], offset: -plane.offset };
}

/**
 * Places the camera in a z-up world built on the plane: the table top is z = 0, +x points along the
 * table toward the camera (the image's downward direction), and the point the optical axis hits lands at
 * (lookX, 0, 0), in front of a robot standing at the origin.
 */
export function cameraOnPlane(plane: Plane, k: Intrinsics, width: number, height: number, lookX = 0.3): CameraModel {
  const zAxis = plane.normal;
  // The optical axis (camera +z) must hit the table in front of the camera.
  const t = -plane.offset / zAxis[2];
  if (!(t > 0) || !Number.isFinite(t)) throw new Error("--depth: the camera's optical axis does not hit the table plane; tilt the camera toward the table");
  const look: Vec3 = [0, 0, t];
  // The image's downward direction, projected onto the table, points toward the camera's side.
  const down: Vec3 = [0, 1, 0];
  const xAxis = normalize([down[0] - dot(down, zAxis) * zAxis[0], down[1] - dot(down, zAxis) * zAxis[1], down[2] - dot(down, zAxis) * zAxis[2]]);
  const yAxis = cross(zAxis, xAxis);
  // World point w = R^T (c - origin) with R's rows the world axes in camera coordinates.
  const origin: Vec3 = [look[0] - lookX * xAxis[0], look[1] - lookX * xAxis[1], look[2] - lookX * xAxis[2]];
  const toWorld = (c: Vec3): Vec3 => [dot(xAxis, c), dot(yAxis, c), dot(zAxis, c)];
  const position = toWorld([-origin[0], -origin[1], -origin[2]]);
  // Camera axes in world coordinates: columns of R_world<-camera.
  const quaternion = quatFromAxes(toWorld([1, 0, 0]), toWorld([0, 1, 0]), toWorld([0, 0, 1]));
  return { width, height, intrinsics: k, pose: { position, quaternion } };
}

/** The table view of a calibrated RGB camera. */
export function tableFromCalibration(calib: Calibration, width: number, height: number): TableView {
  return { camera: { width, height, intrinsics: calib.intrinsics, pose: calib.pose }, tableHeight: calib.tableHeight };
}

/** Stage 1 for RGB-D: the plane by RANSAC and the camera placed above it. */
export function tableFromDepth(depth: DepthImage, k: Intrinsics, rng: Rng, opts: PlaneFitOptions = {}): TableView {
  const { plane, inlierFraction, rms } = fitTablePlane(depth, k, rng, opts);
  return { camera: cameraOnPlane(plane, k, depth.width, depth.height), tableHeight: 0, plane, inlierFraction, rms };
}

/**
 * A calibrated pinhole camera in a world frame, with OpenCV axes (x right, y down, z forward).
 * Pixel (i, j) covers [i, i+1) x [j, j+1), so its centre is at (i + 0.5, j + 0.5): the same
 * convention the simulator's renderer uses for intrinsics.
 */
import type { Pose, Quat, SceneCamera, Vec3 } from "@gauntlet/core";
import { quatRotate } from "@gauntlet/core";

/** Pinhole intrinsics in pixels. */
export interface Intrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

/** A camera: image size, intrinsics and its pose in the world (camera-to-world, OpenCV axes). */
export interface CameraModel {
  width: number;
  height: number;
  intrinsics: Intrinsics;
  pose: Pose;
}

/** The ray direction (camera frame, z = 1) through continuous pixel coordinates (u, v). */
export function pixelRay(k: Intrinsics, u: number, v: number): Vec3 {
  return [(u - k.cx) / k.fx, (v - k.cy) / k.fy, 1];
}

/** A world point in camera coordinates. */
export function worldToCamera(cam: CameraModel, p: Vec3): Vec3 {
  const d: Vec3 = [p[0] - cam.pose.position[0], p[1] - cam.pose.position[1], p[2] - cam.pose.position[2]];
  const [x, y, z, w] = cam.pose.quaternion;
  return quatRotate([-x, -y, -z, w], d);
}

/** A camera-frame point in world coordinates. */
export function cameraToWorld(cam: CameraModel, p: Vec3): Vec3 {
  const r = quatRotate(cam.pose.quaternion, p);
  return [r[0] + cam.pose.position[0], r[1] + cam.pose.position[1], r[2] + cam.pose.position[2]];
}

/** Continuous pixel coordinates of a world point, or null behind the camera. */
export function projectPoint(cam: CameraModel, p: Vec3): [number, number] | null {
  const c = worldToCamera(cam, p);
  if (c[2] <= 1e-6) return null;
  const k = cam.intrinsics;
  return [k.cx + (k.fx * c[0]) / c[2], k.cy + (k.fy * c[1]) / c[2]];
}

/** Where the ray through pixel (u, v) meets the horizontal plane z = planeZ (world), or null if it misses. */
export function backProjectToPlane(cam: CameraModel, u: number, v: number, planeZ: number): Vec3 | null {
  const dir = quatRotate(cam.pose.quaternion, pixelRay(cam.intrinsics, u, v));
  if (Math.abs(dir[2]) < 1e-9) return null;
  const t = (planeZ - cam.pose.position[2]) / dir[2];
  if (t <= 0) return null;
  return [cam.pose.position[0] + t * dir[0], cam.pose.position[1] + t * dir[1], planeZ];
}

/** Rotation (as a quaternion) whose columns are the given orthonormal axes. */
export function quatFromAxes(x: Vec3, y: Vec3, z: Vec3): Quat {
  const [m00, m10, m20] = x;
  const [m01, m11, m21] = y;
  const [m02, m12, m22] = z;
  const trace = m00 + m11 + m22;
  let q: Quat;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    q = [(m21 - m12) * s, (m02 - m20) * s, (m10 - m01) * s, 0.25 / s];
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    q = [0.25 * s, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    q = [(m01 + m10) / s, 0.25 * s, (m12 + m21) / s, (m02 - m20) / s];
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    q = [(m02 + m20) / s, (m12 + m21) / s, 0.25 * s, (m10 - m01) / s];
  }
  const n = Math.hypot(...q);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** The camera as a Scene camera (position, look-at, up, intrinsics) rendered at width x height. */
export function toSceneCamera(cam: CameraModel, name: string, width: number, height: number): SceneCamera {
  const sx = width / cam.width;
  const sy = height / cam.height;
  const forward = quatRotate(cam.pose.quaternion, [0, 0, 1]);
  const down = quatRotate(cam.pose.quaternion, [0, 1, 0]);
  const eye = cam.pose.position;
  const k = cam.intrinsics;
  return {
    name,
    mount: "world",
    position: round6(eye),
    lookAt: round6([eye[0] + forward[0], eye[1] + forward[1], eye[2] + forward[2]]),
    up: round6([-down[0], -down[1], -down[2]]),
    width,
    height,
    fovY: 60,
    intrinsics: { fx: k.fx * sx, fy: k.fy * sy, cx: k.cx * sx, cy: k.cy * sy },
    near: 0.01,
    far: 10,
  };
}

/** Rounds to 6 decimals (micrometres) so written scenes stay readable. */
export function round6<T extends number[]>(v: T): T {
  return v.map((x) => Math.round(x * 1e6) / 1e6) as T;
}

/** The same camera with its image resampled to width x height (for coarse render-and-compare). */
export function scaleCamera(cam: CameraModel, width: number, height: number): CameraModel {
  const sx = width / cam.width;
  const sy = height / cam.height;
  const k = cam.intrinsics;
  return { width, height, pose: cam.pose, intrinsics: { fx: k.fx * sx, fy: k.fy * sy, cx: k.cx * sx, cy: k.cy * sy } };
}

/** A camera placed by eye position, look-at point and up direction (world frame). */
export function cameraFromLookAt(position: Vec3, lookAt: Vec3, up: Vec3, intrinsics: Intrinsics, width: number, height: number): CameraModel {
  const f = unit([lookAt[0] - position[0], lookAt[1] - position[1], lookAt[2] - position[2]]);
  const r = unit([f[1] * up[2] - f[2] * up[1], f[2] * up[0] - f[0] * up[2], f[0] * up[1] - f[1] * up[0]]);
  if (!r.every(Number.isFinite)) throw new Error("camera.up: expected a direction not parallel to the view direction");
  const down: Vec3 = [f[1] * r[2] - f[2] * r[1], f[2] * r[0] - f[0] * r[2], f[0] * r[1] - f[1] * r[0]];
  return { width, height, intrinsics, pose: { position: [...position], quaternion: quatFromAxes(r, down, f) } };
}

function unit(a: Vec3): Vec3 {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
}

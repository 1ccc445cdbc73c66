/**
 * A pinhole model of a scene camera, built from its public calibration (pose, look-at, up,
 * field of view or intrinsics) with the same conventions as the simulator's three.js cameras:
 * the camera looks down its -z axis, +y is image up, and row 0 is the top of the image.
 */
import type { Pose, SceneCamera, Vec3 } from "@gauntlet/core";
import { composePose, cross, dot, normalize, quatRotate, sub } from "@gauntlet/core";

/** A calibrated camera placed in the world: projects points to pixels and pixels back to planes. */
export interface PinholeCamera {
  readonly width: number;
  readonly height: number;
  readonly eye: Vec3;
  /** Pixel coordinates (u right, v down; pixel centres at +0.5) of a world point, or null behind the camera. */
  project(point: Vec3): [number, number] | null;
  /** The world point where the ray through pixel (u, v) meets the horizontal plane z = planeZ, or null if it misses. */
  backProject(u: number, v: number, planeZ: number): Vec3 | null;
}

/** Places a scene camera; wrist cameras need the tool pose they are mounted on (world frame). */
export function makePinholeCamera(spec: SceneCamera, mount?: Pose): PinholeCamera {
  const base = spec.mount === "wrist" ? mount : undefined;
  if (spec.mount === "wrist" && !base) throw new Error(`camera "${spec.name}": a wrist camera needs the tool pose it is mounted on`);
  const at = (p: Vec3): Vec3 => (base ? composePose(base, { position: p, quaternion: [0, 0, 0, 1] }).position : p);
  const eye = at(spec.position);
  const target = at(spec.lookAt);
  const up = base ? quatRotate(base.quaternion, spec.up) : spec.up;
  // three.js Object3D.lookAt for cameras: z points from the target to the eye.
  const zc = normalize(sub(eye, target));
  const xc = normalize(cross(up, zc));
  const yc = cross(zc, xc);
  const { width, height } = spec;
  const fy = spec.intrinsics?.fy ?? height / 2 / Math.tan((spec.fovY * Math.PI) / 360);
  const fx = spec.intrinsics?.fx ?? fy;
  const cx = spec.intrinsics?.cx ?? width / 2;
  const cy = spec.intrinsics?.cy ?? height / 2;
  return {
    width,
    height,
    eye,
    project(point) {
      const d = sub(point, eye);
      const depth = -dot(d, zc);
      if (depth <= 1e-9) return null;
      return [cx + (fx * dot(d, xc)) / depth, cy - (fy * dot(d, yc)) / depth];
    },
    backProject(u, v, planeZ) {
      const a = (u - cx) / fx;
      const b = -(v - cy) / fy;
      const ray: Vec3 = [0, 1, 2].map((i) => a * xc[i] + b * yc[i] - zc[i]) as Vec3;
      if (Math.abs(ray[2]) < 1e-9) return null;
      const t = (planeZ - eye[2]) / ray[2];
      if (t <= 0) return null;
      return [eye[0] + t * ray[0], eye[1] + t * ray[1], planeZ];
    },
  };
}

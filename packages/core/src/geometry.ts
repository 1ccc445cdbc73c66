/** A 3-vector in metres (positions) or unitless (directions). World frame is z-up, x forward. */
export type Vec3 = [number, number, number];
/** A unit quaternion in [x, y, z, w] order, the order three.js and Rapier use. */
export type Quat = [number, number, number, number];
/** A rigid transform: where a frame sits and how it is rotated. */
export interface Pose {
  position: Vec3;
  quaternion: Quat;
}

export const IDENTITY_QUAT: Quat = [0, 0, 0, 1];

/** a + b */
export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** a - b */
export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

/** a · s */
export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}

/** a . b */
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** a x b */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** a / |a| (the zero vector stays zero) */
export function normalize(a: Vec3): Vec3 {
  const n = Math.hypot(...a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
}

/** Returns the pose at `position` with no rotation. */
export function poseAt(position: Vec3, quaternion: Quat = IDENTITY_QUAT): Pose {
  return { position: [...position], quaternion: [...quaternion] };
}

/** Quaternion from roll (x), pitch (y), yaw (z) in radians, applied in extrinsic x-y-z order. */
export function quatFromEuler(roll: number, pitch: number, yaw: number): Quat {
  const [cr, sr] = [Math.cos(roll / 2), Math.sin(roll / 2)];
  const [cp, sp] = [Math.cos(pitch / 2), Math.sin(pitch / 2)];
  const [cy, sy] = [Math.cos(yaw / 2), Math.sin(yaw / 2)];
  return [
    sr * cp * cy - cr * sp * sy,
    cr * sp * cy + sr * cp * sy,
    cr * cp * sy - sr * sp * cy,
    cr * cp * cy + sr * sp * sy,
  ];
}

/** Hamilton product a * b: rotate by b, then by a. */
export function quatMultiply(a: Quat, b: Quat): Quat {
  const [ax, ay, az, aw] = a;
  const [bx, by, bz, bw] = b;
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

/** Rotates vector v by unit quaternion q. */
export function quatRotate(q: Quat, v: Vec3): Vec3 {
  const [x, y, z, w] = q;
  const [vx, vy, vz] = v;
  const tx = 2 * (y * vz - z * vy);
  const ty = 2 * (z * vx - x * vz);
  const tz = 2 * (x * vy - y * vx);
  return [vx + w * tx + (y * tz - z * ty), vy + w * ty + (z * tx - x * tz), vz + w * tz + (x * ty - y * tx)];
}

/** Angle in radians between two unit quaternions' rotations. */
export function quatAngle(a: Quat, b: Quat): number {
  const dot = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
  return 2 * Math.acos(Math.min(1, dot));
}

/** Yaw (rotation about world z) of a quaternion, in radians. */
export function quatYaw(q: Quat): number {
  const [x, y, z, w] = q;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** Euclidean distance between two points. */
export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The pose of frame b (given in frame a) in a's parent frame: a ∘ b. */
export function composePose(a: Pose, b: Pose): Pose {
  const p = quatRotate(a.quaternion, b.position);
  return {
    position: [a.position[0] + p[0], a.position[1] + p[1], a.position[2] + p[2]],
    quaternion: quatMultiply(a.quaternion, b.quaternion),
  };
}

/** The inverse transform of a pose. */
export function invertPose(a: Pose): Pose {
  const q: Quat = [-a.quaternion[0], -a.quaternion[1], -a.quaternion[2], a.quaternion[3]];
  const p = quatRotate(q, a.position);
  return { position: [-p[0], -p[1], -p[2]], quaternion: q };
}

/** Roll, pitch, yaw (extrinsic x-y-z, the inverse of quatFromEuler) of a unit quaternion. */
export function quatToEuler(q: Quat): Vec3 {
  const [x, y, z, w] = q;
  const roll = Math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y));
  const pitch = Math.asin(Math.max(-1, Math.min(1, 2 * (w * y - z * x))));
  return [roll, pitch, quatYaw(q)];
}

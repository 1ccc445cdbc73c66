/**
 * Forward kinematics on a chain compiled once from a RobotDescription. Transforms are stored as
 * 12 numbers [R (3x3 row-major) | t (3)] in flat Float64Arrays so that the IK inner loop, which
 * calls FK hundreds of times per control step, allocates nothing.
 */
import type { Pose, Quat, Vec3 } from "@gauntlet/core";
import type { RobotDescription, RobotOrigin } from "./description";

/** A serial chain compiled for fast FK. `frames` is scratch that fkInto overwrites. */
export interface KinematicChain {
  readonly robot: RobotDescription;
  readonly dof: number;
  readonly jointNames: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Per joint, the fixed transform parent-frame -> joint-frame at q = 0 (12 numbers each). */
  readonly fixed: Float64Array;
  /** Per joint, the unit rotation axis in the joint frame (3 numbers each). */
  readonly axes: Float64Array;
  /** Last joint frame -> tool frame. */
  readonly tool: Float64Array;
  /** Scratch: joint frames 0..dof-1 then the tool frame, base-from-frame, 12 numbers each. */
  readonly frames: Float64Array;
}

/** Writes the rotation of fixed-axis roll-pitch-yaw (URDF: R = Rz(yaw) Ry(pitch) Rx(roll)) and xyz into out[o..o+12]. */
export function originToTransform(origin: RobotOrigin, out: Float64Array, o = 0): Float64Array {
  const [r, p, y] = origin.rpy;
  const cr = Math.cos(r),
    sr = Math.sin(r),
    cp = Math.cos(p),
    sp = Math.sin(p),
    cy = Math.cos(y),
    sy = Math.sin(y);
  out.set(
    [
      cy * cp,
      cy * sp * sr - sy * cr,
      cy * sp * cr + sy * sr,
      sy * cp,
      sy * sp * sr + cy * cr,
      sy * sp * cr - cy * sr,
      -sp,
      cp * sr,
      cp * cr,
    ],
    o,
  );
  out.set(origin.xyz, o + 9);
  return out;
}

/** Compiles a description into a KinematicChain (normalised axes, precomputed fixed transforms). */
export function compileChain(robot: RobotDescription): KinematicChain {
  const n = robot.joints.length;
  const fixed = new Float64Array(12 * n);
  const axes = new Float64Array(3 * n);
  robot.joints.forEach((j, i) => {
    originToTransform(j.origin, fixed, 12 * i);
    const len = Math.hypot(...j.axis);
    axes.set(
      j.axis.map((v) => v / len),
      3 * i,
    );
  });
  return {
    robot,
    dof: n,
    jointNames: robot.joints.map((j) => j.name),
    lower: Float64Array.from(robot.joints, (j) => j.limits[0]),
    upper: Float64Array.from(robot.joints, (j) => j.limits[1]),
    fixed,
    axes,
    tool: originToTransform(robot.endEffector.origin, new Float64Array(12)),
    frames: new Float64Array(12 * (n + 1)),
  };
}

const chains = new WeakMap<RobotDescription, KinematicChain>();
/** Returns `x` if it is already a chain, else the (cached) compiled chain of the description. */
export function toChain(x: RobotDescription | KinematicChain): KinematicChain {
  if ("frames" in x) return x;
  let c = chains.get(x);
  if (!c) {
    c = compileChain(x);
    chains.set(x, c);
  }
  return c;
}

const IDENTITY = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
// Module scratch for fkInto (JS is single-threaded, so sharing is safe and avoids allocation).
const rot = new Float64Array(12);
const scratchA = new Float64Array(12);

/** out[oo..] = a[ao..] * b[bo..] for 12-number transforms; out must not alias a or b. */
function compose(out: Float64Array, oo: number, a: Float64Array, ao: number, b: Float64Array, bo: number): void {
  for (let r = 0; r < 3; r++) {
    const a0 = a[ao + 3 * r],
      a1 = a[ao + 3 * r + 1],
      a2 = a[ao + 3 * r + 2];
    out[oo + 3 * r] = a0 * b[bo] + a1 * b[bo + 3] + a2 * b[bo + 6];
    out[oo + 3 * r + 1] = a0 * b[bo + 1] + a1 * b[bo + 4] + a2 * b[bo + 7];
    out[oo + 3 * r + 2] = a0 * b[bo + 2] + a1 * b[bo + 5] + a2 * b[bo + 8];
    out[oo + 9 + r] = a0 * b[bo + 9] + a1 * b[bo + 10] + a2 * b[bo + 11] + a[ao + 9 + r];
  }
}

/** Allocation-free FK: fills chain.frames (or `out`) with base-from-joint frames and the tool frame. */
export function fkInto(chain: KinematicChain, q: ArrayLike<number>, out: Float64Array = chain.frames): Float64Array {
  const { dof, fixed, axes } = chain;
  for (let i = 0; i < dof; i++) {
    // Rodrigues rotation about the joint axis, then frame_i = frame_{i-1} * fixed_i * Rot(axis, q_i).
    const x = axes[3 * i],
      y = axes[3 * i + 1],
      z = axes[3 * i + 2];
    const c = Math.cos(q[i]),
      s = Math.sin(q[i]),
      t = 1 - c;
    rot[0] = t * x * x + c;
    rot[1] = t * x * y - s * z;
    rot[2] = t * x * z + s * y;
    rot[3] = t * x * y + s * z;
    rot[4] = t * y * y + c;
    rot[5] = t * y * z - s * x;
    rot[6] = t * x * z - s * y;
    rot[7] = t * y * z + s * x;
    rot[8] = t * z * z + c;
    rot[9] = rot[10] = rot[11] = 0;
    compose(scratchA, 0, i === 0 ? IDENTITY : out, i === 0 ? 0 : 12 * (i - 1), fixed, 12 * i);
    compose(out, 12 * i, scratchA, 0, rot, 0);
  }
  compose(out, 12 * dof, out, 12 * (dof - 1), chain.tool, 0);
  return out;
}

/** Quaternion [x, y, z, w] of the rotation stored at m[o..o+9] (Shepperd's method, robust near 180°). */
export function matToQuat(m: ArrayLike<number>, o = 0, out: Quat | Float64Array = [0, 0, 0, 1]): Quat {
  const m00 = m[o],
    m01 = m[o + 1],
    m02 = m[o + 2],
    m10 = m[o + 3],
    m11 = m[o + 4],
    m12 = m[o + 5],
    m20 = m[o + 6],
    m21 = m[o + 7],
    m22 = m[o + 8];
  const tr = m00 + m11 + m22;
  let x: number, y: number, z: number, w: number;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    [x, y, z, w] = [(m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, 0.25 * s];
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    [x, y, z, w] = [0.25 * s, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    [x, y, z, w] = [(m01 + m10) / s, 0.25 * s, (m12 + m21) / s, (m02 - m20) / s];
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    [x, y, z, w] = [(m02 + m20) / s, (m12 + m21) / s, 0.25 * s, (m10 - m01) / s];
  }
  out[0] = x;
  out[1] = y;
  out[2] = z;
  out[3] = w;
  return out as Quat;
}

/** Row-major 3x3 rotation matrix of a unit quaternion [x, y, z, w]. */
export function quatToMat(q: ArrayLike<number>, out: Float64Array = new Float64Array(9), o = 0): Float64Array {
  const [x, y, z, w] = [q[0], q[1], q[2], q[3]];
  out[o] = 1 - 2 * (y * y + z * z);
  out[o + 1] = 2 * (x * y - z * w);
  out[o + 2] = 2 * (x * z + y * w);
  out[o + 3] = 2 * (x * y + z * w);
  out[o + 4] = 1 - 2 * (x * x + z * z);
  out[o + 5] = 2 * (y * z - x * w);
  out[o + 6] = 2 * (x * z - y * w);
  out[o + 7] = 2 * (y * z + x * w);
  out[o + 8] = 1 - 2 * (x * x + y * y);
  return out;
}

function frameToPose(f: Float64Array, o: number): Pose {
  return {
    position: [f[o + 9], f[o + 10], f[o + 11]] as Vec3,
    quaternion: matToQuat(f, o),
  };
}

/** Base-from-frame poses of every joint frame (after its rotation, i.e. the child link frame) and of the tool. */
export function forwardKinematics(robot: RobotDescription | KinematicChain, q: ArrayLike<number>): { joints: Pose[]; ee: Pose } {
  const chain = toChain(robot);
  const f = fkInto(chain, q);
  const joints: Pose[] = [];
  for (let i = 0; i < chain.dof; i++) joints.push(frameToPose(f, 12 * i));
  return { joints, ee: frameToPose(f, 12 * chain.dof) };
}

/** Base-from-tool pose at joint configuration q (the tool's +x is the approach direction). */
export function eePose(robot: RobotDescription | KinematicChain, q: ArrayLike<number>): Pose {
  const chain = toChain(robot);
  return frameToPose(fkInto(chain, q), 12 * chain.dof);
}

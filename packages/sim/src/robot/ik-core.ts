/**
 * The numerical pieces of the IK solver: the weighted pose error, the geometric Jacobian and the
 * damped least-squares step. Everything writes into a preallocated IkWorkspace.
 */
import type { KinematicChain } from "./kinematics";
import { fkInto, matToQuat } from "./kinematics";

/** Preallocated scratch for one chain, reused by every solve so the inner loop allocates nothing. */
export class IkWorkspace {
  readonly J: Float64Array;
  readonly A = new Float64Array(36);
  readonly y = new Float64Array(6);
  readonly e = new Float64Array(6);
  readonly eCur = new Float64Array(6);
  readonly tp = new Float64Array(3);
  readonly tq = new Float64Array(4);
  readonly qc = new Float64Array(4);
  readonly q: Float64Array;
  readonly qTry: Float64Array;
  readonly dq: Float64Array;
  readonly best: Float64Array;
  readonly free: Uint8Array;
  pos = 0;
  rot = 0;
  posCur = 0;
  rotCur = 0;
  constructor(n: number) {
    this.J = new Float64Array(6 * n);
    [this.q, this.qTry, this.dq, this.best] = [0, 0, 0, 0].map(() => new Float64Array(n));
    this.free = new Uint8Array(n);
  }
}

/** FK at q, fills ws.e with the weighted error (target - current) and returns its squared norm. */
export function evaluate(chain: KinematicChain, ws: IkWorkspace, q: Float64Array, w: number, posOnly: boolean): number {
  const f = fkInto(chain, q);
  const o = 12 * chain.dof;
  const e = ws.e;
  e[0] = ws.tp[0] - f[o + 9];
  e[1] = ws.tp[1] - f[o + 10];
  e[2] = ws.tp[2] - f[o + 11];
  ws.pos = Math.hypot(e[0], e[1], e[2]);
  // Rotation error as a world-frame rotation vector: log(q_target * conj(q_current)).
  const c = matToQuat(f, o, ws.qc),
    t = ws.tq;
  let rw = t[3] * c[3] + t[0] * c[0] + t[1] * c[1] + t[2] * c[2];
  let rx = -t[3] * c[0] + t[0] * c[3] - t[1] * c[2] + t[2] * c[1];
  let ry = -t[3] * c[1] + t[1] * c[3] - t[2] * c[0] + t[0] * c[2];
  let rz = -t[3] * c[2] + t[2] * c[3] - t[0] * c[1] + t[1] * c[0];
  if (rw < 0) [rw, rx, ry, rz] = [-rw, -rx, -ry, -rz];
  const s = Math.hypot(rx, ry, rz);
  ws.rot = 2 * Math.atan2(s, rw);
  const k = s > 1e-12 ? (w * ws.rot) / s : 2 * w;
  e[3] = k * rx;
  e[4] = k * ry;
  e[5] = k * rz;
  return posOnly ? ws.pos * ws.pos : ws.pos * ws.pos + e[3] * e[3] + e[4] * e[4] + e[5] * e[5];
}

/** Geometric Jacobian (rows: v then weighted w) from the frames of the last evaluate(). */
export function jacobian(chain: KinematicChain, ws: IkWorkspace, w: number): void {
  const { frames: f, axes, dof: n } = chain;
  const o = 12 * n,
    J = ws.J;
  for (let i = 0; i < n; i++) {
    const b = 12 * i,
      ax = axes[3 * i],
      ay = axes[3 * i + 1],
      az = axes[3 * i + 2];
    const zx = f[b] * ax + f[b + 1] * ay + f[b + 2] * az;
    const zy = f[b + 3] * ax + f[b + 4] * ay + f[b + 5] * az;
    const zz = f[b + 6] * ax + f[b + 7] * ay + f[b + 8] * az;
    const rx = f[o + 9] - f[b + 9],
      ry = f[o + 10] - f[b + 10],
      rz = f[o + 11] - f[b + 11];
    J[i] = zy * rz - zz * ry;
    J[n + i] = zz * rx - zx * rz;
    J[2 * n + i] = zx * ry - zy * rx;
    J[3 * n + i] = w * zx;
    J[4 * n + i] = w * zy;
    J[5 * n + i] = w * zz;
  }
}

/** dq = Jf^T (Jf Jf^T + lambda I)^-1 e over the free joints (Cholesky on the m x m system). */
export function dlsStep(ws: IkWorkspace, n: number, m: number, lambda: number): void {
  const { J, A, y, eCur, dq, free } = ws;
  for (let r = 0; r < m; r++) {
    for (let c = 0; c <= r; c++) {
      let s = r === c ? lambda : 0;
      for (let i = 0; i < n; i++) if (free[i]) s += J[r * n + i] * J[c * n + i];
      A[r * m + c] = s;
    }
  }
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j];
    for (let k = 0; k < j; k++) d -= A[j * m + k] * A[j * m + k];
    A[j * m + j] = Math.sqrt(Math.max(d, 1e-300));
    for (let i = j + 1; i < m; i++) {
      let s = A[i * m + j];
      for (let k = 0; k < j; k++) s -= A[i * m + k] * A[j * m + k];
      A[i * m + j] = s / A[j * m + j];
    }
  }
  for (let i = 0; i < m; i++) {
    let s = eCur[i];
    for (let k = 0; k < i; k++) s -= A[i * m + k] * y[k];
    y[i] = s / A[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < m; k++) s -= A[k * m + i] * y[k];
    y[i] = s / A[i * m + i];
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (free[i]) for (let r = 0; r < m; r++) s += J[r * n + i] * y[r];
    dq[i] = s;
  }
}

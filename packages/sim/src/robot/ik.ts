/**
 * Inverse kinematics: damped least squares (Levenberg–Marquardt) on the geometric Jacobian, with
 * joint-limit clamping, an active set for joints pinned at a limit, adaptive damping and
 * deterministic random restarts. Position and rotation errors are weighted so that 1 mm of
 * position costs the same as 1 degree of rotation. All scratch lives in a per-chain workspace,
 * so a warm-started solve allocates only its result.
 */
import type { Pose } from "@gauntlet/core";
import type { RobotDescription } from "./description";
import { dlsStep, evaluate, IkWorkspace, jacobian } from "./ik-core";
import { type KinematicChain, toChain } from "./kinematics";

/** Options for solveIk; every field has a default. */
export interface IkOptions {
  /** Position tolerance in metres (default 1 mm). */
  positionTolerance?: number;
  /** Rotation tolerance in radians (default 0.5°). */
  rotationTolerance?: number;
  /** Iteration cap per attempt (default 100). */
  maxIterations?: number;
  /** Extra attempts from deterministic pseudo-random configurations if the seeded one fails (default 20). */
  restarts?: number;
  /** Ignore orientation (default false). */
  positionOnly?: boolean;
  /** Metres of position error equivalent to one radian of rotation error (default 1 mm per degree). */
  rotationWeight?: number;
  /** Largest joint change per iteration in radians, keeps steps inside the linear regime (default 0.5). */
  maxStep?: number;
}

/** What solveIk found: the best configuration over all attempts and its residual errors. */
export interface IkResult {
  q: number[];
  positionError: number;
  rotationError: number;
  converged: boolean;
  iterations: number;
}

const DEG = Math.PI / 180;
const LAMBDA0 = 1e-4;
const LAMBDA_MAX = 1e2;
const NEAR_RESTARTS = 3;

const workspaces = new WeakMap<KinematicChain, IkWorkspace>();

/** Deterministic PRNG (mulberry32) for restart configurations; no Math.random anywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Solves for joints placing the tool at `target` (base frame), warm-started from qSeed; limits always hold. */
export function solveIk(robot: RobotDescription | KinematicChain, target: Pose, qSeed: ArrayLike<number>, opts: IkOptions = {}): IkResult {
  const chain = toChain(robot);
  const n = chain.dof,
    { lower, upper } = chain;
  let ws = workspaces.get(chain);
  if (!ws) {
    ws = new IkWorkspace(n);
    workspaces.set(chain, ws);
  }
  const tolP = opts.positionTolerance ?? 1e-3,
    tolR = opts.rotationTolerance ?? 0.5 * DEG;
  const maxIter = opts.maxIterations ?? 100,
    restarts = opts.restarts ?? 20,
    maxStep = opts.maxStep ?? 0.5;
  const posOnly = opts.positionOnly ?? false,
    w = opts.rotationWeight ?? 1e-3 / DEG;
  const m = posOnly ? 3 : 6;
  ws.tp.set(target.position);
  const qn = Math.hypot(...target.quaternion);
  for (let k = 0; k < 4; k++) ws.tq[k] = target.quaternion[k] / qn;
  const done = (p: number, r: number) => p <= tolP && (posOnly || r <= tolR);

  let bestCost = Infinity,
    bestPos = Infinity,
    bestRot = Infinity,
    iterations = 0;
  const rand = mulberry32(0x5eed1c);
  for (let attempt = 0; attempt <= restarts; attempt++) {
    const q = ws.q;
    for (let i = 0; i < n; i++) {
      // Early restarts jitter the seed (stay near the current branch), later ones sample the whole range.
      const span = upper[i] - lower[i];
      const seed = Number.isFinite(qSeed[i]) ? qSeed[i] : (lower[i] + upper[i]) / 2; // tolerate a short or NaN seed
      const v = attempt === 0 ? seed : attempt <= NEAR_RESTARTS ? seed + (rand() - 0.5) * Math.min(1, span) : lower[i] + rand() * span;
      q[i] = Math.min(upper[i], Math.max(lower[i], v));
    }
    let cost = evaluate(chain, ws, q, w, posOnly);
    ws.eCur.set(ws.e);
    ws.posCur = ws.pos;
    ws.rotCur = ws.rot;
    let lambda = LAMBDA0,
      stalls = 0;
    for (let it = 0; it < maxIter && !done(ws.posCur, ws.rotCur); it++) {
      iterations++;
      jacobian(chain, ws, w);
      let accepted = false;
      while (!accepted && lambda <= LAMBDA_MAX) {
        ws.free.fill(1);
        dlsStep(ws, n, m, lambda);
        // Active set: a joint at a limit that the step pushes further out is frozen and the step redone.
        let pinned = false;
        for (let i = 0; i < n; i++) {
          if ((q[i] <= lower[i] && ws.dq[i] < 0) || (q[i] >= upper[i] && ws.dq[i] > 0)) {
            ws.free[i] = 0;
            pinned = true;
          }
        }
        if (pinned) dlsStep(ws, n, m, lambda);
        let big = 0;
        for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(ws.dq[i]));
        const scale = big > maxStep ? maxStep / big : 1;
        for (let i = 0; i < n; i++) ws.qTry[i] = Math.min(upper[i], Math.max(lower[i], q[i] + scale * ws.dq[i]));
        const c = evaluate(chain, ws, ws.qTry, w, posOnly);
        if (c < cost) {
          accepted = true;
          stalls = c > 0.98 * cost ? stalls + 1 : 0;
          cost = c;
          q.set(ws.qTry);
          ws.eCur.set(ws.e);
          ws.posCur = ws.pos;
          ws.rotCur = ws.rot;
          lambda = Math.max(lambda * 0.3, 1e-9);
        } else lambda *= 6;
      }
      // No improving step even when heavily damped (local minimum), or creeping along a limit or
      // through a singular region: leave it to a restart rather than burn iterations.
      if (!accepted || stalls >= 8) break;
    }
    const ok = done(ws.posCur, ws.rotCur);
    if (ok || cost < bestCost) {
      bestCost = ok ? -1 : cost;
      bestPos = ws.posCur;
      bestRot = ws.rotCur;
      ws.best.set(q);
    }
    if (ok) break;
  }
  return {
    q: Array.from(ws.best),
    positionError: bestPos,
    rotationError: bestRot,
    converged: done(bestPos, bestRot),
    iterations,
  };
}

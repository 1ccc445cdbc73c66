/**
 * Open-loop evaluation: start the world model from an episode's first frame and state, feed it the
 * episode's recorded actions, and compare its frames with the true ones at fixed horizons, next to
 * the copy-the-first-frame baseline (the best a model that predicts no motion can do).
 */
import type { RgbImage, StepResult } from "@gauntlet/core";
import { WorldModelBatch } from "../batch";
import { framesPerCall } from "../manifest";
import type { WorldModel } from "../world-model";
import { psnr, ssim } from "./image-metrics";

/** One recorded episode, at the model's frame size. */
export interface OpenLoopEpisode {
  id: string;
  /** Task type (pick-lift, push, ...); informational here. */
  task: string;
  seed: number;
  width: number;
  height: number;
  /** The views stored in `frames`, in order. */
  views: string[];
  /** uint8 RGB [T+1, V, H, W, 3]. */
  frames: Uint8Array;
  /** float32 [T, action dim], the executed actions. */
  actions: Float32Array;
  /** float32 [T+1, state dim]. */
  states: Float32Array;
}

/** Mean scores at one horizon over the episodes long enough to reach it. */
export interface HorizonScores {
  horizon: number;
  /** Episodes (and so frames) scored at this horizon. */
  count: number;
  psnr: { model: number; copy: number };
  ssim: { model: number; copy: number };
  /**
   * Mean absolute error of the state estimate per state dimension (the model's state names), next to
   * keeping the first state; absent when the episodes' states are not in the model's layout.
   * Policies act on this estimate, so its drift matters as much as the frames'.
   */
  state?: { names: string[]; model: number[]; copy: number[] };
}

export interface OpenLoopOptions {
  horizons?: number[];
  /** Episodes per batched ONNX call; default 16. */
  batch?: number;
  /** Model view -> episode view, when they are named differently (e.g. real cameras). */
  viewMap?: Record<string, string>;
  /** Called after each batch with the number of episodes done. */
  onBatch?: (done: number) => void;
  /** Keep predicted frames of the first N episodes for figures; default 0. */
  keepFrames?: number;
}

export interface OpenLoopResult {
  horizons: HorizonScores[];
  episodes: number;
  /** Per kept episode: predicted RGB frames of the first view at steps 1..max horizon (shorter if the episode is). */
  kept: { id: string; predicted: Uint8Array[] }[];
}

/** State dimensions in radians: -π and π are the same angle, so their error is the wrapped difference. */
const ANGLES = new Set(["roll", "pitch", "yaw"]);

/** |a - b| for angles in radians, wrapped to [0, π]. */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** PSNR of identical frames is infinite; each frame's PSNR is capped here so means stay finite. */
export const PSNR_CAP_DB = 60;

/** Scores the model open-loop on the episodes; horizons 1, 5, 10 and 20 by default. */
export async function evaluateOpenLoop(model: WorldModel, episodes: readonly OpenLoopEpisode[], opts: OpenLoopOptions = {}): Promise<OpenLoopResult> {
  const horizons = opts.horizons ?? [1, 5, 10, 20];
  const maxH = Math.max(...horizons);
  const m = model.manifest;
  const { width: W, height: H } = m.image;
  const views = m.image.views.map((v) => opts.viewMap?.[v] ?? v);
  const sums = horizons.map((horizon) => ({ horizon, count: 0, pm: 0, pc: 0, sm: 0, sc: 0, stateCount: 0, stateModel: [] as number[], stateCopy: [] as number[] }));
  let stateNames: string[] = [];
  const kept: OpenLoopResult["kept"] = [];
  const batchSize = opts.batch ?? 16;
  const K = framesPerCall(m);
  for (let first = 0; first < episodes.length; first += batchSize) {
    const group = episodes.slice(first, first + batchSize);
    for (const ep of group) checkEpisode(ep, W, H, views, m.action.dim);
    const batch = new WorldModelBatch(model);
    const stateDim = batch.stateNames.length;
    stateNames = batch.stateNames;
    await batch.start(
      group.map((ep) => ({
        images: Object.fromEntries(m.image.views.map((v, i) => [v, episodeFrame(ep, 0, ep.views.indexOf(views[i]))])),
        state: ep.states.subarray(0, stateDim),
        instruction: "",
        task: ep.task,
        seed: ep.seed,
        maxSteps: steps(ep),
      })),
    );
    const keptHere = group.map((ep, i) => (first + i < (opts.keepFrames ?? 0) ? { id: ep.id, predicted: [] as Uint8Array[] } : undefined));
    const score = (ep: OpenLoopEpisode, i: number, r: StepResult, h: number) => {
      const predicted = rgbOf(r.obs.images[m.image.views[0]]);
      keptHere[i]?.predicted.push(predicted);
      const at = horizons.indexOf(h);
      if (at < 0) return;
      const s = sums[at];
      s.count++;
      for (let v = 0; v < views.length; v++) {
        const vi = ep.views.indexOf(views[v]);
        const truth = frameOf(ep, h, vi);
        const copy = frameOf(ep, 0, vi);
        const pred = v === 0 ? predicted : rgbOf(r.obs.images[m.image.views[v]]);
        s.pm += Math.min(psnr(pred, truth), PSNR_CAP_DB) / views.length;
        s.pc += Math.min(psnr(copy, truth), PSNR_CAP_DB) / views.length;
        s.sm += ssim(pred, truth, W, H) / views.length;
        s.sc += ssim(copy, truth, W, H) / views.length;
      }
      if (ep.states.length !== (steps(ep) + 1) * stateDim) return;
      s.stateCount++;
      const estimate = r.obs.state;
      for (let k = 0; k < stateDim; k++) {
        const truth = ep.states[h * stateDim + k];
        const error = ANGLES.has(stateNames[k]) ? angleBetween : (a: number, b: number) => Math.abs(a - b);
        s.stateModel[k] = (s.stateModel[k] ?? 0) + error(estimate[k], truth);
        s.stateCopy[k] = (s.stateCopy[k] ?? 0) + error(ep.states[k], truth);
      }
    };
    // An episode leaves at its recorded end, or earlier if a model that scores its own frames ends it.
    const live = group.map((ep) => steps(ep) > 0);
    for (let t = 0; t < maxH && live.some(Boolean); t += K) {
      const results = await batch.step(group.map((ep, i) => (live[i] ? recordedChunk(ep.actions, m.action.dim, t, K, steps(ep)) : null)));
      group.forEach((ep, i) => {
        const r = results[i];
        if (!r) return;
        r.forEach((result, k) => {
          if (t + k < maxH) score(ep, i, result, t + k + 1);
        });
        const last = r[r.length - 1];
        if (last.terminated || last.truncated) live[i] = false;
      });
    }
    for (const k of keptHere) if (k) kept.push(k);
    opts.onBatch?.(Math.min(episodes.length, first + batchSize));
  }
  return {
    episodes: episodes.length,
    horizons: sums.map((s) => ({
      horizon: s.horizon,
      count: s.count,
      psnr: { model: s.pm / s.count, copy: s.pc / s.count },
      ssim: { model: s.sm / s.count, copy: s.sc / s.count },
      ...(s.stateCount > 0 ? { state: { names: stateNames, model: s.stateModel.map((v) => v / s.stateCount), copy: s.stateCopy.map((v) => v / s.stateCount) } } : {}),
    })),
    kept,
  };
}

/**
 * The recorded actions t..t+K-1 of an episode of `steps` actions, one call's worth for a model
 * conditioned on chunks of K; past the recorded end the last action repeats (the batch's step limit
 * stops the episode there, so those steps are never scored).
 */
export function recordedChunk(actions: Float32Array, dim: number, t: number, K: number, steps: number): Float32Array[] {
  return Array.from({ length: K }, (_, k) => {
    const i = Math.min(t + k, steps - 1);
    return actions.subarray(i * dim, (i + 1) * dim);
  });
}

function steps(ep: OpenLoopEpisode): number {
  return ep.frames.length / (ep.views.length * ep.width * ep.height * 3) - 1;
}

function frameOf(ep: OpenLoopEpisode, t: number, view: number): Uint8Array {
  const size = ep.width * ep.height * 3;
  const offset = (t * ep.views.length + view) * size;
  return ep.frames.subarray(offset, offset + size);
}

/** Frame t of one view of an episode as an RGBA camera image. */
export function episodeFrame(ep: OpenLoopEpisode, t: number, view: number): RgbImage {
  const rgb = frameOf(ep, t, view);
  const data = new Uint8Array(ep.width * ep.height * 4);
  for (let p = 0; p < ep.width * ep.height; p++) {
    data[p * 4] = rgb[p * 3];
    data[p * 4 + 1] = rgb[p * 3 + 1];
    data[p * 4 + 2] = rgb[p * 3 + 2];
    data[p * 4 + 3] = 255;
  }
  return { width: ep.width, height: ep.height, data };
}

function rgbOf(image: RgbImage): Uint8Array {
  const n = image.width * image.height;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    out[p * 3] = image.data[p * 4];
    out[p * 3 + 1] = image.data[p * 4 + 1];
    out[p * 3 + 2] = image.data[p * 4 + 2];
  }
  return out;
}

function checkEpisode(ep: OpenLoopEpisode, W: number, H: number, views: string[], actionDim: number): void {
  if (ep.width !== W || ep.height !== H) throw new Error(`episode ${ep.id}: frames are ${ep.width}x${ep.height}, the model predicts ${W}x${H}`);
  const missing = views.filter((v) => !ep.views.includes(v));
  if (missing.length > 0) throw new Error(`episode ${ep.id}: has no view ${missing.join(", ")} (have ${ep.views.join(", ")}); map views with viewMap`);
  const t = steps(ep);
  if (!Number.isInteger(t) || t < 0) throw new Error(`episode ${ep.id}: ${ep.frames.length} frame bytes is not a whole number of ${ep.views.length}-view ${W}x${H} RGB frames`);
  if (ep.actions.length < t * actionDim) throw new Error(`episode ${ep.id}: ${t + 1} frames need ${t} actions of ${actionDim}, got ${ep.actions.length / actionDim}`);
}

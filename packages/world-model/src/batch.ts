/**
 * WorldModelBatch: many episodes of one world model stepped in lockstep, one ONNX pass per step
 * for all of them (evaluation is Monte-Carlo). Each episode keeps its own context ring, state,
 * noise stream and judge verdict, so an episode's frames do not depend on its batch-mates.
 */
import { type Action, type ActionSpec, EE_DELTA_ACTION_SPEC, makeRng, type Observation, type RgbImage, type Rng, type StepInfo, type StepResult, validateAction } from "@gauntlet/core";
import { ByteGrid, imagesToTensor, tensorToImages } from "./frames";
import { type Judge, type Verdict, verdictOf } from "./judge";
import { contextLength, framesPerCall, historyOffsets, type WorldModelManifest } from "./manifest";
import type { WorldModel } from "./world-model";

/** How an episode begins: its first frames (any size; resized to the model's) and state. */
export interface EpisodeStart {
  images: Record<string, RgbImage>;
  state: ArrayLike<number>;
  instruction: string;
  /** The scene's task type, for the judge: pick-lift, push, place, stack. */
  task: string;
  seed: number;
  maxSteps: number;
}

interface Slot {
  start: EpisodeStart;
  /** The newest frames as model tensors, oldest first, at most the history span long. */
  history: Float32Array[];
  state: Float32Array;
  rng: Rng;
  steps: number;
  done: boolean;
}

/** The state names assumed when a model declares none: the Bridge end-effector pose and gripper. */
export const DEFAULT_STATE_NAMES = ["x", "y", "z", "roll", "pitch", "yaw", "gripper"];

export class WorldModelBatch {
  readonly actionSpec: ActionSpec;
  readonly stateNames: string[];
  private slots: (Slot | undefined)[];
  private readonly span: number;
  private readonly grid: ByteGrid;
  /** Who scores the frames: the judge, else the model itself when its graph has a success output. */
  private readonly scorer: string | undefined;

  constructor(
    readonly model: WorldModel,
    readonly judge?: Judge,
    size = 1,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`WorldModelBatch: size must be a positive integer, got ${size}`);
    this.slots = Array.from({ length: size }, () => undefined);
    const m = model.manifest;
    this.actionSpec = actionSpecOf(m);
    this.stateNames = m.state?.names ?? DEFAULT_STATE_NAMES;
    this.span = -Math.min(...historyOffsets(m));
    this.grid = new ByteGrid(m.image.range);
    this.scorer = judge?.name ?? (m.outputs.success ? m.name : undefined);
    if (judge) {
      const missing = judge.manifest.image.views.filter((v) => !m.image.views.includes(v));
      if (missing.length > 0) throw new Error(`judge ${judge.name} scores view(s) ${missing.join(", ")}, which world model ${m.name} does not predict (${m.image.views.join(", ")})`);
    }
  }

  /** Episode slots in the batch. */
  get size(): number {
    return this.slots.length;
  }

  /** Replaces every slot with one new episode per start (the batch takes their number); returns each first observation and verdict. */
  async start(starts: readonly EpisodeStart[]): Promise<{ obs: Observation; info: StepInfo }[]> {
    this.slots = starts.map(() => undefined);
    return (await this.reset(starts)) as { obs: Observation; info: StepInfo }[];
  }

  /**
   * Starts an episode in each slot given a start (`null` leaves a slot as it is); returns each
   * started episode's first observation and verdict, `null` for the others.
   */
  async reset(starts: readonly (EpisodeStart | null)[]): Promise<({ obs: Observation; info: StepInfo } | null)[]> {
    if (starts.length !== this.slots.length) throw new Error(`reset: expected ${this.slots.length} entries (one per slot), got ${starts.length}`);
    const m = this.model.manifest;
    const { width, height, views, range } = m.image;
    const started: { slot: Slot; images: Record<string, RgbImage> }[] = [];
    starts.forEach((start, i) => {
      if (!start) return;
      if (start.state.length !== this.stateNames.length) throw new Error(`reset: expected a state of ${this.stateNames.length} numbers (${this.stateNames.join(", ")}), got ${start.state.length}`);
      const first = imagesToTensor(start.images, views, width, height, range);
      const slot: Slot = { start, history: [first], state: Float32Array.from(start.state), rng: makeRng(start.seed).fork("world-model"), steps: 0, done: false };
      this.slots[i] = slot;
      // The observation shows the first frame as the model sees it (resized, on the byte grid).
      started.push({ slot, images: tensorToImages(first, 0, views, width, height, range) });
    });
    const verdicts = await this.score(started);
    let k = 0;
    return starts.map((start) => {
      if (!start) return null;
      const { slot, images } = started[k];
      return { obs: this.observe(slot, images), info: this.info(verdicts[k++]) };
    });
  }

  /**
   * Steps every episode given actions (K of them per episode for a chunk-conditioned model, else
   * one); `null` leaves an episode out of this pass. Returns each stepped episode's K results
   * (fewer if it ended inside the chunk), `null` for those left out.
   */
  async step(actions: readonly (readonly Action[] | null)[]): Promise<(StepResult[] | null)[]> {
    if (actions.length !== this.slots.length) throw new Error(`step: expected ${this.slots.length} entries (one per slot), got ${actions.length}`);
    const m = this.model.manifest;
    const K = framesPerCall(m);
    const active: { index: number; slot: Slot; actions: Float32Array[] }[] = [];
    actions.forEach((a, i) => {
      if (a === null) return;
      const slot = this.slots[i];
      if (!slot || slot.done) throw new Error(`step: slot ${i} has no running episode; reset it first, or pass null`);
      if (a.length !== K) throw new Error(`step: episode ${i}: world model ${m.name} takes ${K} action(s) per call, got ${a.length}`);
      active.push({ index: i, slot, actions: a.map((x) => validateAction(x, this.actionSpec)) });
    });
    const results: (StepResult[] | null)[] = actions.map(() => null);
    if (active.length === 0) return results;
    const { width: W, height: H, views } = m.image;
    const frameSize = 3 * views.length * W * H;
    const T = contextLength(m);
    const offsets = historyOffsets(m);
    const frames = new Float32Array(active.length * T * frameSize);
    const flatActions = new Float32Array(active.length * K * m.action.dim);
    const state = new Float32Array(active.length * this.stateNames.length);
    for (let b = 0; b < active.length; b++) {
      const { slot, actions: acts } = active[b];
      const n = slot.history.length;
      for (let t = 0; t < T; t++) frames.set(slot.history[Math.max(0, n + offsets[t])], (b * T + t) * frameSize);
      for (let k = 0; k < K; k++) flatActions.set(acts[k], (b * K + k) * m.action.dim);
      state.set(slot.state, b * this.stateNames.length);
    }
    // Unclamped: snapping to the byte grid below clamps, to the same bytes and frames.
    const prediction = await this.model.predictUnclamped({ frames, actions: flatActions, state: m.inputs.state ? state : undefined, rngs: active.map((a) => a.slot.rng) });
    // Frames re-enter the context rounded to bytes, as the episode's observations are; the same pass gives the observed images.
    const predicted = active.flatMap(({ slot }, b) => Array.from({ length: K }, (_, k) => ({ slot, ...this.grid.snap(prediction.frames, (b * K + k) * frameSize, views, W, H) })));
    const verdicts = this.judge || !prediction.success ? await this.score(predicted) : ownVerdicts(prediction.success, prediction.progress, m.successThreshold);
    active.forEach(({ index, slot, actions: acts }, b) => {
      const out: StepResult[] = [];
      for (let k = 0; k < K && !slot.done; k++) {
        const { frame, images } = predicted[b * K + k];
        slot.history.push(frame);
        if (slot.history.length > this.span) slot.history.shift();
        slot.state = prediction.state && k === K - 1 ? prediction.state.slice(b * this.stateNames.length, (b + 1) * this.stateNames.length) : integrate(slot.state, acts[k], this.stateNames, m.action.layout);
        slot.steps++;
        const verdict = verdicts[b * K + k];
        const info = this.info(verdict);
        const terminated = info.success;
        const truncated = !terminated && slot.steps >= slot.start.maxSteps;
        slot.done = terminated || truncated;
        out.push({ obs: this.observe(slot, images), reward: info.success ? 1 : 0, terminated, truncated, info });
      }
      results[index] = out;
    });
    return results;
  }

  private observe(slot: Slot, images: Record<string, RgbImage>): Observation {
    return { images, state: Float32Array.from(slot.state), instruction: slot.start.instruction };
  }

  /** Judges each entry's newest frame (its observed images) in one batched call. */
  private async score(entries: { slot: Slot; images: Record<string, RgbImage> }[]): Promise<(Verdict | undefined)[]> {
    const judge = this.judge;
    if (!judge || entries.length === 0) return entries.map(() => undefined);
    const j = judge.manifest.image;
    const size = 3 * j.views.length * j.width * j.height;
    const batch = new Float32Array(entries.length * size);
    entries.forEach(({ images }, b) => {
      batch.set(imagesToTensor(images, j.views, j.width, j.height, j.range), b * size);
    });
    return judge.score(
      batch,
      entries.map(({ slot: { start } }) => ({ instruction: start.instruction, task: start.task })),
    );
  }

  /** A step's info; a first frame a model scoring its own predictions has not predicted counts as no success yet. */
  private info(verdict: Verdict | undefined): StepInfo {
    if (!verdict) return { success: false, progress: 0, judge: this.scorer ?? "none" };
    return { success: verdict.success, progress: verdict.progress, judge: this.scorer, successProbability: verdict.probability };
  }
}

/** Verdicts from a model's own success (and progress) outputs, one per predicted frame. */
function ownVerdicts(success: Float32Array, progress: Float32Array | undefined, threshold: number): Verdict[] {
  return Array.from(success, (probability, i) => verdictOf(probability, progress?.[i], threshold));
}

/** The action spec of a model: the 7-D ee-delta spec when its layout is that one, else the layout with limits mean ± 4 std. */
export function actionSpecOf(m: WorldModelManifest): ActionSpec {
  const ee = EE_DELTA_ACTION_SPEC.dims.map((d) => d.name);
  if (m.action.layout.length === ee.length && m.action.layout.every((n, i) => n === ee[i])) return EE_DELTA_ACTION_SPEC;
  return {
    kind: "world-model",
    dims: m.action.layout.map((name, i) => ({ name, unit: "", low: m.action.mean[i] - 4 * m.action.std[i], high: m.action.mean[i] + 4 * m.action.std[i] })),
    outOfRange: "clip",
  };
}

/** The state after an action, when the model predicts none: name += action "d"+name; a same-named component is set. */
export function integrate(state: Float32Array, action: Float32Array, names: readonly string[], layout: readonly string[]): Float32Array {
  return Float32Array.from(state, (v, i) => {
    const delta = layout.indexOf(`d${names[i]}`);
    if (delta >= 0) return v + action[delta];
    const same = layout.indexOf(names[i]);
    return same >= 0 ? action[same] : v;
  });
}

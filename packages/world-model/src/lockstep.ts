/**
 * Lockstep lanes: N Env views of one WorldModelBatch. Each lane is an ordinary Env for one
 * episode loop (runEpisode works on it unchanged; a chunk-conditioned model's lanes step chunks);
 * the lanes' resets and steps are gathered and run as one batched model call once every open lane
 * has asked for one. Which lanes share a call depends only on the episodes, never on timing, so a
 * batch of jobs gives the same results every run.
 */
import { type Action, type Env, type EnvSpec, type Observation, type ResetOptions, type Scene, type StepInfo, type StepResult, validateAction } from "@gauntlet/core";
import { type EpisodeStart, WorldModelBatch } from "./batch";
import type { SceneStarts } from "./episode-start";
import type { Judge } from "./judge";
import { framesPerCall } from "./manifest";
import type { WorldModel } from "./world-model";
import { observe, worldModelEnvSpec } from "./world-model-env";

type Pending =
  | { kind: "reset"; seed: number; scene: Scene; resolve: (r: { obs: Observation; info: StepInfo }) => void; reject: (e: Error) => void }
  | { kind: "step"; actions: Action[]; resolve: (r: StepResult[]) => void; reject: (e: Error) => void };

/** Makes `scenes.length` lanes; lane i's episodes use scenes[i] unless reset names another. `cameras` limits the views observed. */
export function makeLockstepEnvs(model: WorldModel, judge: Judge | undefined, starts: SceneStarts, scenes: readonly Scene[], cameras?: readonly string[]): Env[] {
  const group = new LockstepGroup(model, judge, starts, scenes.length);
  return scenes.map((scene, i) => new LockstepEnv(group, i, scene, cameras ? [...cameras] : undefined));
}

class LockstepGroup {
  readonly batch: WorldModelBatch;
  readonly pending = new Map<number, Pending>();
  readonly open: Set<number>;
  private flushing = false;

  constructor(
    readonly model: WorldModel,
    judge: Judge | undefined,
    private readonly starts: SceneStarts,
    size: number,
  ) {
    this.batch = new WorldModelBatch(model, judge, size);
    this.open = new Set(Array.from({ length: size }, (_, i) => i));
  }

  submit(lane: number, op: Pending): void {
    if (this.pending.has(lane)) {
      op.reject(new Error(`lane ${lane}: one reset or step at a time`));
      return;
    }
    this.pending.set(lane, op);
    this.maybeFlush();
  }

  leave(lane: number): void {
    this.open.delete(lane);
    this.maybeFlush();
  }

  /** Runs every pending op together once each open lane has one. */
  private maybeFlush(): void {
    if (this.flushing || this.pending.size === 0 || [...this.open].some((l) => !this.pending.has(l))) return;
    this.flushing = true;
    const ops = new Map(this.pending);
    this.pending.clear();
    this.flush(ops).finally(() => {
      this.flushing = false;
      this.maybeFlush();
    });
  }

  private async flush(ops: Map<number, Pending>): Promise<void> {
    const size = this.batch.size;
    const resets: (EpisodeStart | null)[] = Array.from({ length: size }, () => null);
    for (const [lane, op] of [...ops].sort((a, b) => a[0] - b[0])) {
      if (op.kind !== "reset") continue;
      try {
        resets[lane] = await this.starts.start(op.scene, op.seed);
      } catch (err) {
        ops.delete(lane);
        op.reject(err as Error);
      }
    }
    const steps = Array.from({ length: size }, (_, lane) => {
      const op = ops.get(lane);
      return op?.kind === "step" ? op.actions : null;
    });
    try {
      const reset = resets.some((r) => r) ? await this.batch.reset(resets) : [];
      const stepped = steps.some((s) => s) ? await this.batch.step(steps) : [];
      for (const [lane, op] of ops) {
        if (op.kind === "reset") op.resolve(reset[lane] as { obs: Observation; info: StepInfo });
        else op.resolve(stepped[lane] as StepResult[]);
      }
    } catch (err) {
      for (const op of ops.values()) op.reject(err as Error);
    }
  }
}

/** One lane: an Env whose calls wait for the other open lanes'. Close it when its episodes are done. */
class LockstepEnv implements Env {
  spec: EnvSpec;
  private closed = false;
  private seed = 0;
  private frame = 0;

  constructor(
    private readonly group: LockstepGroup,
    private readonly lane: number,
    private scene: Scene,
    private readonly cameras: string[] | undefined,
  ) {
    this.spec = worldModelEnvSpec(group.batch, scene, { cameras });
  }

  reset({ seed, scene }: ResetOptions): Promise<{ obs: Observation; info: StepInfo }> {
    if (this.closed) return Promise.reject(new Error("lockstep env is closed"));
    if (scene) {
      this.scene = scene;
      this.spec = worldModelEnvSpec(this.group.batch, scene, { cameras: this.cameras });
    }
    this.seed = seed;
    this.frame = 0;
    return new Promise<{ obs: Observation; info: StepInfo }>((resolve, reject) => this.group.submit(this.lane, { kind: "reset", seed, scene: this.scene, resolve, reject })).then((r) => ({
      ...r,
      obs: observe(r.obs, this.cameras, this.scene, this.seed, this.frame++),
    }));
  }

  step(action: Action): Promise<StepResult> {
    const k = framesPerCall(this.group.model.manifest);
    if (k !== 1) return Promise.reject(new Error(`step: world model ${this.group.model.manifest.name} predicts ${k} frames per chunk of actions; call stepChunk`));
    return this.stepChunk([action]).then(([r]) => r);
  }

  stepChunk(actions: readonly Action[]): Promise<StepResult[]> {
    if (this.closed) return Promise.reject(new Error("lockstep env is closed"));
    const k = framesPerCall(this.group.model.manifest);
    try {
      // A bad action fails this lane's step only, not its batch-mates'.
      if (actions.length !== k) throw new Error(`stepChunk: world model ${this.group.model.manifest.name} takes ${k} action(s) per call, got ${actions.length}`);
      for (const a of actions) validateAction(a, this.spec.action);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<StepResult[]>((resolve, reject) => this.group.submit(this.lane, { kind: "step", actions: [...actions], resolve, reject })).then((results) =>
      results.map((r) => ({ ...r, obs: observe(r.obs, this.cameras, this.scene, this.seed, this.frame++) })),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.group.leave(this.lane);
  }
}

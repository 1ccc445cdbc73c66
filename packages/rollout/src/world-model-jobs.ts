/**
 * Runs world-model episode jobs. A batch of jobs runs in lockstep: each job is an ordinary
 * runEpisode loop with its own policy, on a lane of one WorldModelBatch, so every step of the
 * whole batch is one ONNX call. A job whose policy was unavailable is retried on its own.
 */
import { type EpisodeRecord, type Policy, PolicyUnavailableError, type Scene } from "@gauntlet/core";
import { loadScene, makeTask } from "@gauntlet/sim";
import { type Judge, loadJudge, loadWorldModel, makeLockstepEnvs, makeWorldModelEnv, SceneStarts, sceneAtModelSize, type WorldModel } from "@gauntlet/world-model";
import { type EpisodeJob, jobId } from "./episode-runner";
import { EpisodeStore } from "./episode-store";
import { policyName } from "./evaluation-config";
import { makePolicy } from "./policy-spec";
import { type EpisodeResult, episodeId, runEpisode } from "./run-episode";

/** Which world model (and judge) a job runs in: folders, resolved. */
export interface WorldModelJobSpec {
  model: string;
  judge?: string;
  /** Episodes per lockstep batch when an evaluation plans them (16 by default). */
  batch?: number;
}

interface Loaded {
  model: WorldModel;
  judge?: Judge;
  starts: SceneStarts;
}

export class WorldModelJobs {
  private readonly loaded = new Map<string, Promise<Loaded>>();
  private readonly scenes = new Map<string, Scene>();
  /** The nominal scene as each model shows it, per model folder and scene path (what policies are calibrated on). */
  private readonly modelScenes = new Map<string, Scene>();
  /** Idle policy instances per spec: a lane needs its own, since policies keep per-episode state. */
  private readonly idle = new Map<string, Policy[]>();

  /**
   * Runs jobs that share one world model and judge in lockstep and returns their records in order.
   * Each is stored, except those the run folder already holds (a resumed batch recomputes them so
   * its batch-mates see the same batch, but keeps and returns the stored records, whatever the rerun did).
   */
  async runBatch(jobs: readonly EpisodeJob[]): Promise<EpisodeRecord[]> {
    if (jobs.length === 0) return [];
    const spec = worldModelOf(jobs[0]);
    const key = loadKey(spec);
    const other = jobs.find((j) => loadKey(worldModelOf(j)) !== key);
    if (other) throw new Error(`runBatch: every job must share one world model and judge; ${episodeId(other.sceneId, policyName(other.policy), other.seed)} differs`);
    const { model, judge, starts } = await this.load(spec);
    const scenes = jobs.map((j) => this.scene(j));
    const lanes = makeLockstepEnvs(model, judge, starts, scenes, jobs[0].cameras);
    const outcomes = await Promise.all(
      jobs.map(async (job, i) => {
        let policy: Policy | undefined;
        try {
          policy = await this.acquire(job, model);
          return { result: await runEpisode(lanes[i], policy, { seed: job.seed, scene: scenes[i] }) };
        } catch (error) {
          return { error: error as Error };
        } finally {
          await lanes[i].close();
          if (policy) this.release(job, policy);
        }
      }),
    );
    const records: EpisodeRecord[] = [];
    for (const [i, job] of jobs.entries()) {
      const { result, error } = outcomes[i] as { result?: EpisodeResult; error?: Error };
      const store = new EpisodeStore(job.out);
      // A stored episode is kept as stored, whatever its recomputation did this time.
      if (store.has(jobId(job))) records.push(await store.read(jobId(job)));
      else if (result) records.push(await this.save(job, result, model));
      // Only an unavailable policy is worth another try; it runs alone, not holding up a batch.
      else if (error instanceof PolicyUnavailableError && job.maxRetries > 0) records.push(await this.run({ ...job, maxRetries: job.maxRetries - 1 }));
      else records.push(await this.saveErrored(job, scenes[i], error));
    }
    return records;
  }

  /** Runs one job on its own WorldModelEnv (with retries), stores it, and returns its record. */
  async run(job: EpisodeJob): Promise<EpisodeRecord> {
    const spec = worldModelOf(job);
    const { model, judge, starts } = await this.load(spec);
    const scene = this.scene(job);
    let lastError: Error | undefined;
    for (let attempt = 0; attempt <= job.maxRetries; attempt++) {
      const env = makeWorldModelEnv(model, { scene, judge, cameras: job.cameras, starts });
      let policy: Policy | undefined;
      try {
        policy = await this.acquire(job, model);
        return await this.save(job, await runEpisode(env, policy, { seed: job.seed, scene }), model);
      } catch (err) {
        lastError = err as Error;
        if (!(err instanceof PolicyUnavailableError)) break;
      } finally {
        await env.close();
        if (policy) this.release(job, policy);
      }
    }
    return this.saveErrored(job, scene, lastError);
  }

  /** Closes every model, judge, simulator and policy this holds. */
  async close(): Promise<void> {
    const policies = [...this.idle.values()].flat();
    const loaded = [...this.loaded.values()];
    this.idle.clear();
    this.loaded.clear();
    // Close everything that opened, even when one close (or a load) failed; then report the first failure.
    const closes = await Promise.allSettled([
      ...policies.map(async (p) => p.close?.()),
      ...loaded.map(async (l) => {
        // A failed load closed what it had opened; its error belongs to the job that asked for it.
        const done = await l.catch(() => undefined);
        if (!done) return;
        const { model, judge, starts } = done;
        const parts = await Promise.allSettled([model.close(), judge?.close(), starts.close()]);
        const failed = parts.find((p) => p.status === "rejected");
        if (failed) throw failed.reason;
      }),
    ]);
    const failed = closes.find((c) => c.status === "rejected");
    if (failed) throw failed.reason;
  }

  private async save(job: EpisodeJob, result: EpisodeResult, model: WorldModel): Promise<EpisodeRecord> {
    if (job.perturbation) result.record.perturbation = job.perturbation;
    return new EpisodeStore(job.out).save(result, model.manifest.action.rateHz);
  }

  private saveErrored(job: EpisodeJob, scene: Scene, error: Error | undefined): Promise<EpisodeRecord> {
    const identity = { id: episodeId(job.sceneId, policyName(job.policy), job.seed), sceneId: job.sceneId, policy: policyName(job.policy), seed: job.seed, envId: makeTask(scene).envId, backend: "world-model" as const, task: scene.task.type, instruction: scene.task.instruction, perturbation: job.perturbation };
    return new EpisodeStore(job.out).saveErrored(identity, `${error?.name ?? "Error"}: ${error?.message}`);
  }

  private load(spec: WorldModelJobSpec): Promise<Loaded> {
    const key = loadKey(spec);
    let loaded = this.loaded.get(key);
    if (!loaded) {
      loaded = (async () => {
        const model = await loadWorldModel(spec.model);
        try {
          const judge = spec.judge ? await loadJudge(spec.judge) : undefined;
          return { model, judge, starts: new SceneStarts(model.manifest.image.views, model.manifest.name) };
        } catch (error) {
          await model.close();
          throw error;
        }
      })();
      this.loaded.set(key, loaded);
      // A failed load is not cached (a later job may try again) and leaves nothing for close() to close.
      loaded.catch(() => {
        if (this.loaded.get(key) === loaded) this.loaded.delete(key);
      });
    }
    return loaded;
  }

  /** The job's scene: its perturbed one, else the file's. */
  private scene(job: EpisodeJob): Scene {
    return job.scene ?? this.nominal(job);
  }

  private nominal(job: EpisodeJob): Scene {
    let scene = this.scenes.get(job.scenePath);
    if (!scene) {
      scene = loadScene(job.scenePath);
      this.scenes.set(job.scenePath, scene);
    }
    return scene;
  }

  private async acquire(job: EpisodeJob, model: WorldModel): Promise<Policy> {
    // No SimEnv: policies see observations only here (makePolicy refuses oracles), calibrated on the
    // nominal scene with its cameras at the model's frame size, which is what they are shown.
    return this.idle.get(policyKey(job))?.pop() ?? makePolicy(job.policy, undefined, this.modelScene(job, model));
  }

  private modelScene(job: EpisodeJob, model: WorldModel): Scene {
    const key = `${worldModelOf(job).model}|${job.scenePath}`;
    let scene = this.modelScenes.get(key);
    if (!scene) {
      scene = sceneAtModelSize(this.nominal(job), model.manifest);
      this.modelScenes.set(key, scene);
    }
    return scene;
  }

  private release(job: EpisodeJob, policy: Policy): void {
    const key = policyKey(job);
    this.idle.set(key, [...(this.idle.get(key) ?? []), policy]);
  }
}

function worldModelOf(job: EpisodeJob): WorldModelJobSpec {
  if (!job.worldModel) throw new Error("world-model job without a worldModel spec");
  return job.worldModel;
}

function loadKey(spec: WorldModelJobSpec): string {
  return `${spec.model}|${spec.judge ?? ""}`;
}

function policyKey(job: EpisodeJob): string {
  return `${JSON.stringify(job.policy)}|${job.scenePath}|${worldModelOf(job).model}`;
}

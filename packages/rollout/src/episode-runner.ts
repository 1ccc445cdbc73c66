/**
 * Runs episode jobs: rebuilds the env and the policy from the job's specs (cached per scene and
 * policy), retries episodes whose policy was unavailable, and stores each result in the run
 * folder. The same class serves in-process and inside pool workers.
 */
import { type EpisodePerturbation, type EpisodeRecord, type Policy, PolicyUnavailableError, type Scene } from "@gauntlet/core";
import { loadScene, makeSimEnv, type SimEnv } from "@gauntlet/sim";
import { EpisodeStore } from "./episode-store";
import { type PolicySpec, policyName } from "./evaluation-config";
import { makePolicy } from "./policy-spec";
import { episodeId, runEpisode } from "./run-episode";
import { type WorldModelJobSpec, WorldModelJobs } from "./world-model-jobs";

/** One episode to run: everything a worker needs to rebuild it, and where to store it. */
export interface EpisodeJob {
  scenePath: string;
  sceneId: string;
  policy: PolicySpec;
  seed: number;
  cameras?: string[];
  maxRetries: number;
  out: string;
  /** A perturbed version of the file's scene to run instead (its id is `sceneId`); plain data, so it crosses to workers. */
  scene?: Scene;
  /** How `scene` was perturbed; recorded on the episode. */
  perturbation?: EpisodePerturbation;
  /** Run in this world model (and judge) instead of the simulator. */
  worldModel?: WorldModelJobSpec;
}

/** The stable id of a job's episode. */
export function jobId(job: Pick<EpisodeJob, "sceneId" | "policy" | "seed">): string {
  return episodeId(job.sceneId, policyName(job.policy), job.seed);
}

export class EpisodeRunner {
  private readonly envs = new Map<string, Promise<SimEnv>>();
  private readonly policies = new Map<string, Promise<Policy>>();
  private readonly worldModels = new WorldModelJobs();
  /** The scene file's own scene per path: env.scene may hold the last job's perturbed one. */
  private readonly nominals = new Map<string, Scene>();

  /** Runs a job (with retries), stores it, and returns its record. */
  async run(job: EpisodeJob): Promise<EpisodeRecord> {
    if (job.worldModel) return this.worldModels.run(job);
    const env = await this.env(job);
    const scene = job.scene ?? (this.nominals.get(job.scenePath) as Scene);
    const store = new EpisodeStore(job.out);
    let lastError: Error | undefined;
    for (let attempt = 0; attempt <= job.maxRetries; attempt++) {
      try {
        const policy = await this.policy(job, env);
        const result = await runEpisode(env, policy, { seed: job.seed, scene });
        if (job.perturbation) result.record.perturbation = job.perturbation;
        return await store.save(result, scene.physics.controlHz);
      } catch (err) {
        lastError = err as Error;
        if (!(err instanceof PolicyUnavailableError)) break;
      }
    }
    return store.saveErrored(
      { id: jobId(job), sceneId: job.sceneId, policy: policyName(job.policy), seed: job.seed, envId: env.spec.id, backend: env.spec.backend, task: env.spec.task, instruction: scene.task.instruction, perturbation: job.perturbation },
      `${lastError?.name ?? "Error"}: ${lastError?.message}`,
    );
  }

  /** Runs world-model jobs that share a model and judge in lockstep, one ONNX call per step for all; returns their records. */
  runBatch(jobs: EpisodeJob[]): Promise<EpisodeRecord[]> {
    return this.worldModels.runBatch(jobs);
  }

  /** Closes every cached policy and env. */
  async close(): Promise<void> {
    await this.worldModels.close();
    for (const p of this.policies.values()) await (await p).close?.();
    for (const e of this.envs.values()) await (await e).close();
    this.policies.clear();
    this.envs.clear();
  }

  private env(job: EpisodeJob): Promise<SimEnv> {
    const key = `${job.scenePath}|${job.cameras?.join(",") ?? "*"}`;
    let env = this.envs.get(key);
    if (!env) {
      const scene = this.nominals.get(job.scenePath) ?? loadScene(job.scenePath);
      this.nominals.set(job.scenePath, scene);
      env = makeSimEnv(scene, { cameras: job.cameras });
      this.envs.set(key, env);
    }
    return env;
  }

  private policy(job: EpisodeJob, env: SimEnv): Promise<Policy> {
    // Oracles are bound to their env, so policies are cached per scene as well.
    const key = `${JSON.stringify(job.policy)}|${job.scenePath}`;
    let policy = this.policies.get(key);
    if (!policy) {
      // Policies are calibrated on the nominal scene, as a real robot's would be before its camera was knocked.
      policy = makePolicy(job.policy, env, this.nominals.get(job.scenePath));
      this.policies.set(key, policy);
    }
    return policy;
  }
}

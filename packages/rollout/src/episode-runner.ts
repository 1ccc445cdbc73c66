/**
 * Runs episode jobs: rebuilds the env and the policy from the job's specs (cached per scene and
 * policy), retries episodes whose policy was unavailable, and stores each result in the run
 * folder. The same class serves in-process and inside pool workers.
 */
import { type EpisodeRecord, type Policy, PolicyUnavailableError } from "@gauntlet/core";
import { loadScene, makeSimEnv, type SimEnv } from "@gauntlet/sim";
import { EpisodeStore } from "./episode-store";
import { type PolicySpec, policyName } from "./evaluation-config";
import { makePolicy } from "./policy-spec";
import { episodeId, runEpisode } from "./run-episode";

/** One episode to run: everything a worker needs to rebuild it, and where to store it. */
export interface EpisodeJob {
  scenePath: string;
  sceneId: string;
  policy: PolicySpec;
  seed: number;
  cameras?: string[];
  maxRetries: number;
  out: string;
}

/** The stable id of a job's episode. */
export function jobId(job: Pick<EpisodeJob, "sceneId" | "policy" | "seed">): string {
  return episodeId(job.sceneId, policyName(job.policy), job.seed);
}

export class EpisodeRunner {
  private readonly envs = new Map<string, Promise<SimEnv>>();
  private readonly policies = new Map<string, Promise<Policy>>();

  /** Runs a job (with retries), stores it, and returns its record. */
  async run(job: EpisodeJob): Promise<EpisodeRecord> {
    const env = await this.env(job);
    const scene = env.scene;
    const store = new EpisodeStore(job.out);
    let lastError: Error | undefined;
    for (let attempt = 0; attempt <= job.maxRetries; attempt++) {
      try {
        const policy = await this.policy(job, env);
        const result = await runEpisode(env, policy, { seed: job.seed, scene });
        return await store.save(result, scene.physics.controlHz);
      } catch (err) {
        lastError = err as Error;
        if (!(err instanceof PolicyUnavailableError)) break;
      }
    }
    return store.saveErrored(
      { id: jobId(job), sceneId: job.sceneId, policy: policyName(job.policy), seed: job.seed, envId: env.spec.id, backend: env.spec.backend, task: env.spec.task, instruction: scene.task.instruction },
      `${lastError?.name ?? "Error"}: ${lastError?.message}`,
    );
  }

  /** Closes every cached policy and env. */
  async close(): Promise<void> {
    for (const p of this.policies.values()) await (await p).close?.();
    for (const e of this.envs.values()) await (await e).close();
    this.policies.clear();
    this.envs.clear();
  }

  private env(job: EpisodeJob): Promise<SimEnv> {
    const key = `${job.scenePath}|${job.cameras?.join(",") ?? "*"}`;
    let env = this.envs.get(key);
    if (!env) {
      env = makeSimEnv(loadScene(job.scenePath), { cameras: job.cameras });
      this.envs.set(key, env);
    }
    return env;
  }

  private policy(job: EpisodeJob, env: SimEnv): Promise<Policy> {
    // Oracles are bound to their env, so policies are cached per scene as well.
    const key = `${JSON.stringify(job.policy)}|${job.scenePath}`;
    let policy = this.policies.get(key);
    if (!policy) {
      policy = makePolicy(job.policy, env);
      this.policies.set(key, policy);
    }
    return policy;
  }
}

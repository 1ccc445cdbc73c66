import type { EpisodeRecord, Scene } from "@gauntlet/core";
import { makeSimEnv } from "@gauntlet/sim";
import { EpisodeStore } from "./episode-store";
import { makePolicy, parsePolicySpec } from "./policy-spec";
import { startProgress } from "./progress";
import { episodeId, runEpisode } from "./run-episode";
import { writeRunIndex } from "./run-index";

export interface RolloutPlan {
  scenes: Scene[];
  policies: string[];
  episodes: number;
  /** First seed; episode k uses seed + k. */
  seed: number;
  /** Run folder. */
  out: string;
  /** Cameras to render and record; all of each scene's by default. */
  cameras?: string[];
  quiet?: boolean;
}

/**
 * Rolls every policy out on every scene for `episodes` seeds, storing each episode in the run
 * folder. Episodes already stored are skipped, so an interrupted run resumes where it stopped.
 */
export async function runRollouts(plan: RolloutPlan): Promise<EpisodeRecord[]> {
  plan.policies.forEach(parsePolicySpec); // fail on a bad spec before anything is written
  const store = new EpisodeStore(plan.out);
  await store.writeConfig({ scenes: plan.scenes.map((s) => s.id), policies: plan.policies, episodes: plan.episodes, seed: plan.seed, cameras: plan.cameras ?? "all" });
  const total = plan.scenes.length * plan.policies.length * plan.episodes;
  const progress = plan.quiet ? undefined : startProgress("rollout", total, "episodes");
  for (const scene of plan.scenes) {
    const env = await makeSimEnv(scene, { cameras: plan.cameras });
    try {
      for (const policySpec of plan.policies) {
        const policy = makePolicy(policySpec, env);
        for (let k = 0; k < plan.episodes; k++) {
          const seed = plan.seed + k;
          if (!store.has(episodeId(scene.id, policy.name, seed))) {
            await store.save(await runEpisode(env, policy, { seed, scene }), scene.physics.controlHz);
          }
          progress?.tick();
        }
        await policy.close?.();
      }
    } finally {
      await env.close();
    }
  }
  progress?.done();
  const records = await store.records();
  await writeRunIndex(plan.out, records);
  return records;
}

import type { Action, Env, EpisodeRecord, Observation, Policy, Scene } from "@gauntlet/core";
import { actionsPerCall, emptyEpisodeRecord, episodeSucceeded, stepCall } from "@gauntlet/core";
import { createHash } from "node:crypto";

export interface EpisodeResult {
  record: EpisodeRecord;
  /** Every observation's frame per camera, in order (steps + 1 of them). */
  frames: Record<string, Uint8Array[]>;
}

export interface RunEpisodeOptions {
  seed: number;
  scene: Scene;
  /** Called after every step, e.g. to drive a progress bar. */
  onStep?: (step: number) => void;
}

/**
 * Rolls one episode out: reset, then ask the policy for action chunks and execute them until the
 * env terminates or truncates; a chunk-conditioned env takes them spec.chunkSize at a time.
 * Records every action, state, verdict and frame.
 */
export async function runEpisode(env: Env, policy: Policy, opts: RunEpisodeOptions): Promise<EpisodeResult> {
  const started = performance.now();
  const { spec } = env;
  const frames: Record<string, Uint8Array[]> = Object.fromEntries(spec.cameras.map((c) => [c.name, []]));
  const hashes: Record<string, string[]> = Object.fromEntries(spec.cameras.map((c) => [c.name, []]));
  const record = emptyEpisodeRecord({
    id: episodeId(opts.scene.id, policy.name, opts.seed),
    envId: spec.id,
    backend: spec.backend,
    sceneId: opts.scene.id,
    task: spec.task,
    instruction: opts.scene.task.instruction,
    policy: policy.name,
    seed: opts.seed,
  });
  const observe = (obs: Observation, success: boolean, progress: number) => {
    record.states.push(Array.from(obs.state, round));
    record.successes.push(success);
    record.progress.push(round(progress));
    for (const cam of spec.cameras) {
      const data = obs.images[cam.name].data;
      frames[cam.name].push(data);
      hashes[cam.name].push(createHash("sha256").update(data).digest("hex").slice(0, 16));
    }
  };

  const first = await env.reset({ seed: opts.seed, scene: opts.scene });
  await policy.reset({ seed: opts.seed, spec });
  observe(first.obs, first.info.success, first.info.progress);
  let obs = first.obs;
  const perCall = actionsPerCall(spec);
  // Actions the policy has given and the env has not yet taken.
  const queued: Action[] = [];
  while (!record.terminated && !record.truncated) {
    // A chunk-conditioned env needs K actions at once: a policy whose chunks are shorter is asked
    // again, on the latest observation, until the call is full.
    while (queued.length < perCall) {
      const chunk = await policy.act(obs);
      if (chunk.length === 0) throw new Error(`policy ${policy.name}: act returned an empty chunk; return at least one action`);
      queued.push(...chunk);
    }
    const call = queued.splice(0, perCall);
    const results = await stepCall(env, call);
    for (const [i, result] of results.entries()) {
      record.actions.push(Array.from(call[i], round));
      record.rewards.push(result.reward);
      observe(result.obs, result.info.success, result.info.progress);
      record.steps++;
      record.terminated = result.terminated;
      record.truncated = result.truncated;
      obs = result.obs;
      opts.onStep?.(record.steps);
      if (result.terminated || result.truncated) break;
    }
  }
  record.success = episodeSucceeded(record);
  record.status = record.success ? "success" : "failure";
  record.frames = spec.cameras.map((c) => ({ camera: c.name, width: c.width, height: c.height, hashes: hashes[c.name] }));
  record.wallMs = Math.round(performance.now() - started);
  return { record, frames };
}

/** A stable, file-name-safe id for an episode. */
export function episodeId(sceneId: string, policy: string, seed: number): string {
  return `${sceneId}__${policy}__s${seed}`.replace(/[^A-Za-z0-9_.-]/g, "-");
}

// Six decimals keep records small and readable; states and actions are float32 anyway.
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

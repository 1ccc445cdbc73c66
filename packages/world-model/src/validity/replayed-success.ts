/**
 * Replayed success: the world model is fed a recorded episode's actions from its first frame, and
 * the judge scores the predicted frames. If the model's dynamics are right, the replay succeeds
 * exactly when the recorded episode did. This isolates the dynamics from the policy: a model that
 * cannot show a recorded, successful grasp being lifted cannot rank policies in closed loop either.
 */
import { WorldModelBatch } from "../batch";
import type { Judge } from "../judge";
import { framesPerCall } from "../manifest";
import type { WorldModel } from "../world-model";
import type { LabelledEpisode } from "./judge-accuracy";
import { episodeFrame, recordedChunk } from "./open-loop";

/** Replay outcomes of one task (or all): recorded success vs success the judge saw in the predicted frames. */
export interface ReplayCounts {
  task: string;
  truePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  falsePositives: number;
  /** Mean of the rates on recorded successes and recorded failures; NaN when either is missing. */
  balancedAccuracy: number;
}

export interface ReplayedSuccess {
  episodes: number;
  all: ReplayCounts;
  byTask: ReplayCounts[];
}

/** Replays every episode's recorded actions through the model (batches of `batch`) and compares the judged outcome with the recorded one. */
export async function evaluateReplayedSuccess(model: WorldModel, judge: Judge, episodes: readonly LabelledEpisode[], batch = 16): Promise<ReplayedSuccess> {
  const m = model.manifest;
  const dim = m.action.dim;
  const K = framesPerCall(m);
  const outcomes: { task: string; recorded: boolean; replayed: boolean }[] = [];
  for (let first = 0; first < episodes.length; first += batch) {
    const group = episodes.slice(first, first + batch);
    const lanes = new WorldModelBatch(model, judge, group.length);
    const stateDim = lanes.stateNames.length;
    const steps = group.map((ep) => ep.success.length - 1);
    const starts = await lanes.start(
      group.map((ep, i) => ({
        images: Object.fromEntries(m.image.views.map((v) => [v, episodeFrame(ep, 0, ep.views.indexOf(v))])),
        state: ep.states.subarray(0, stateDim),
        instruction: ep.instruction,
        task: ep.task,
        seed: ep.seed,
        maxSteps: Math.max(1, steps[i]),
      })),
    );
    const replayed = starts.map((s) => s.info.success);
    const live = group.map((_, i) => !replayed[i] && steps[i] > 0);
    for (let t = 0; live.some(Boolean); t += K) {
      const results = await lanes.step(group.map((ep, i) => (live[i] ? recordedChunk(ep.actions, dim, t, K, steps[i]) : null)));
      results.forEach((r, i) => {
        if (!r) return;
        const last = r[r.length - 1];
        if (last.info.success) replayed[i] = true;
        if (last.terminated || last.truncated) live[i] = false;
      });
    }
    for (const [i, ep] of group.entries()) outcomes.push({ task: ep.task, recorded: ep.success.some(Boolean), replayed: replayed[i] });
  }
  const tasks = [...new Set(outcomes.map((o) => o.task))];
  return { episodes: outcomes.length, all: count("all", outcomes), byTask: tasks.map((t) => count(t, outcomes.filter((o) => o.task === t))) };
}

function count(task: string, outcomes: { recorded: boolean; replayed: boolean }[]): ReplayCounts {
  const n = (recorded: boolean, replayed: boolean) => outcomes.filter((o) => o.recorded === recorded && o.replayed === replayed).length;
  const [tp, fn, tn, fp] = [n(true, true), n(true, false), n(false, false), n(false, true)];
  return { task, truePositives: tp, falseNegatives: fn, trueNegatives: tn, falsePositives: fp, balancedAccuracy: (tp / (tp + fn) + tn / (tn + fp)) / 2 };
}

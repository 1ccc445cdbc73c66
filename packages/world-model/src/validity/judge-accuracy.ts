/**
 * The judge scored against the simulator's true predicates, on every frame of labelled episodes:
 * frame-level balanced accuracy and calibration, and episode-level agreement (the judge calls an
 * episode a success when any of its frames crosses the threshold, as a world-model episode would
 * terminate), with each disagreeing episode listed so its errors are visible.
 */
import type { RgbImage } from "@gauntlet/core";
import { imagesToTensor } from "../frames";
import type { Judge, JudgePrompt } from "../judge";
import { type JudgeCalibration, judgeCalibration } from "./judge-calibration";
import { episodeFrame, type OpenLoopEpisode } from "./open-loop";

export interface LabelledEpisode extends OpenLoopEpisode {
  policy: string;
  /** What the judge is told the episode is for. */
  instruction: string;
  /** True success per frame, [T+1]. */
  success: boolean[];
}

export interface EpisodeVerdict {
  id: string;
  policy: string;
  task: string;
  truth: boolean;
  judged: boolean;
  /** First frame the judge calls a success, -1 if none. */
  firstJudged: number;
  /** First truly successful frame, -1 if none. */
  firstTrue: number;
}

export interface JudgeAccuracy {
  frames: JudgeCalibration;
  episodes: {
    count: number;
    balancedAccuracy: number;
    truePositives: number;
    falseNegatives: number;
    trueNegatives: number;
    falsePositives: number;
  };
  /** Episodes where the judge and the predicate disagree. */
  disagreements: EpisodeVerdict[];
}

/** Scores every frame of the episodes with the judge (batches of `batch` frames) and compares with the truth. */
export async function evaluateJudge(judge: Judge, episodes: readonly LabelledEpisode[], batch = 64): Promise<JudgeAccuracy> {
  const { views } = judge.manifest.image;
  const probs: number[] = [];
  const labels: boolean[] = [];
  const verdicts: EpisodeVerdict[] = [];
  for (const ep of episodes) {
    const viewIndex = views.map((v) => {
      const i = ep.views.indexOf(v);
      if (i < 0) throw new Error(`episode ${ep.id}: has no view ${v}, which judge ${judge.name} scores`);
      return i;
    });
    const episodeProbs = await scoreFrames(
      judge,
      ep.success.map((_, t) => Object.fromEntries(views.map((v, i) => [v, episodeFrame(ep, t, viewIndex[i])]))),
      { instruction: ep.instruction, task: ep.task },
      batch,
    );
    const threshold = judge.manifest.threshold;
    const firstJudged = episodeProbs.findIndex((p) => p >= threshold);
    const firstTrue = ep.success.indexOf(true);
    verdicts.push({ id: ep.id, policy: ep.policy, task: ep.task, truth: firstTrue >= 0, judged: firstJudged >= 0, firstJudged, firstTrue });
    probs.push(...episodeProbs);
    labels.push(...ep.success);
  }
  const tp = verdicts.filter((v) => v.truth && v.judged).length;
  const fn = verdicts.filter((v) => v.truth && !v.judged).length;
  const tn = verdicts.filter((v) => !v.truth && !v.judged).length;
  const fp = verdicts.filter((v) => !v.truth && v.judged).length;
  return {
    frames: judgeCalibration(probs, labels, judge.manifest.threshold),
    episodes: { count: verdicts.length, balancedAccuracy: (tp / (tp + fn) + tn / (tn + fp)) / 2, truePositives: tp, falseNegatives: fn, trueNegatives: tn, falsePositives: fp },
    disagreements: verdicts.filter((v) => v.truth !== v.judged),
  };
}


/** The judge's success probability for each frame (camera images by view, any size) of one episode, in batches. */
export async function scoreFrames(judge: Judge, frames: readonly Record<string, RgbImage>[], prompt: JudgePrompt, batch = 64): Promise<number[]> {
  const { width: W, height: H, views, range } = judge.manifest.image;
  const size = 3 * views.length * W * H;
  const out: number[] = [];
  for (let t0 = 0; t0 < frames.length; t0 += batch) {
    const n = Math.min(batch, frames.length - t0);
    const input = new Float32Array(n * size);
    for (let k = 0; k < n; k++) input.set(imagesToTensor(frames[t0 + k], views, W, H, range), k * size);
    const scored = await judge.score(input, Array.from({ length: n }, () => prompt));
    for (const s of scored) out.push(s.probability);
  }
  return out;
}

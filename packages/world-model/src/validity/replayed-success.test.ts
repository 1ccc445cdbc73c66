import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Judge, loadJudge } from "../judge";
import { TINY_DIRECT, TINY_JUDGE } from "../testing/shipped-models";
import { loadWorldModel, type WorldModel } from "../world-model";
import type { LabelledEpisode } from "./judge-accuracy";
import { evaluateReplayedSuccess } from "./replayed-success";

const S = 32;

/** An episode of `steps` recorded steps whose frames are a flat colour and whose last label is `success`. */
function episode(id: string, steps: number, shade: number, success: boolean, task: string): LabelledEpisode {
  const frames = new Uint8Array((steps + 1) * S * S * 3).fill(shade);
  const actions = new Float32Array(steps * 7).map((_, i) => (i % 7 === 6 ? 1 : 0.01 * Math.sin(i)));
  return { id, task, instruction: `do the ${task} task`, seed: 3, policy: "recorded", width: S, height: S, views: ["third"], frames, actions, states: new Float32Array((steps + 1) * 7), success: Array.from({ length: steps + 1 }, (_, t) => success && t === steps) };
}

describe("evaluateReplayedSuccess", () => {
  let model: WorldModel;
  let judge: Judge;
  beforeAll(async () => {
    model = await loadWorldModel(TINY_DIRECT, { log: () => undefined });
    judge = await loadJudge(TINY_JUDGE, { log: () => undefined });
  });
  afterAll(async () => {
    await model.close();
    await judge.close();
  });

  it("replays each episode for at most its recorded length and tallies recorded against judged outcomes", async () => {
    const episodes = [episode("a", 3, 40, true, "pick-lift"), episode("b", 5, 200, false, "push"), episode("c", 4, 120, true, "push")];
    const before = model.calls;
    const r = await evaluateReplayedSuccess(model, judge, episodes, 2);
    // Two lockstep batches: [a, b] runs at most 5 steps, [c] at most 4.
    expect(model.calls - before).toBeLessThanOrEqual(9);
    expect(r.episodes).toBe(3);
    expect(r.byTask.map((c) => c.task)).toEqual(["pick-lift", "push"]);
    const { truePositives: tp, falseNegatives: fn, trueNegatives: tn, falsePositives: fp } = r.all;
    expect([tp + fn, tn + fp]).toEqual([2, 1]);
    const push = r.byTask[1];
    expect(push.truePositives + push.falseNegatives + push.trueNegatives + push.falsePositives).toBe(2);
    expect(r.all.balancedAccuracy).toBeCloseTo((tp / 2 + tn / 1) / 2, 12);
    // Deterministic: the same replay gives the same tallies.
    expect(await evaluateReplayedSuccess(model, judge, episodes, 2)).toEqual(r);
  });
});

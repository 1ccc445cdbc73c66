import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benchWorldModel } from "./bench-world-model";
import { type Judge, loadJudge } from "./judge";
import { REPO_ROOT, TINY_DIFFUSION } from "./testing/shipped-models";

let judge: Judge | undefined;
afterAll(() => judge?.close());

describe("benchWorldModel", () => {
  it("steps the reference model with the shipped judge, and counts the sampler's graph calls", async () => {
    judge = await loadJudge(join(REPO_ROOT, "models/judge"));
    const direct = await benchWorldModel(join(REPO_ROOT, "models/world-model"), { runtime: "node", batch: 2, steps: 2, judge });
    expect(direct.callsPerStep).toBe(1);
    expect(direct.provider).toBe("cpu");
    for (const v of [direct.framesPerSecond, direct.graphFramesPerSecond, direct.msPerStep]) expect(Number.isFinite(v) && v > 0).toBe(true);
    const sampled = await benchWorldModel(TINY_DIFFUSION, { runtime: "node", batch: 2, steps: 2 });
    expect(sampled.callsPerStep).toBe(6); // 6 sampler steps; the guidance halves share a call
  });
});

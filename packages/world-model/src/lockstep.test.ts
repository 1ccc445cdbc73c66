import { fingerprint, type Observation } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { afterAll, describe, expect, it } from "vitest";
import { WorldModelBatch } from "./batch";
import { SceneStarts } from "./episode-start";
import { loadJudge } from "./judge";
import { makeLockstepEnvs } from "./lockstep";
import { REPO_ROOT, TINY_DIFFUSION, TINY_JUDGE } from "./testing/shipped-models";
import { loadWorldModel } from "./world-model";

const scene = loadScene(`${REPO_ROOT}/scenes/pick-cube.json`);
const model = await loadWorldModel(TINY_DIFFUSION);
const judge = await loadJudge(TINY_JUDGE);
const starts = new SceneStarts(model.manifest.image.views, model.manifest.name);
afterAll(async () => {
  await starts.close();
  await judge.close();
  await model.close();
});
const action = (lane: number, t: number) => [0.01 * lane, -0.01 * t, 0, 0, 0, 0, 1];

describe("lockstep lanes", () => {
  it("give each lane the frames a batch of the same episodes gives, one model call per step for all", async () => {
    const lanes = makeLockstepEnvs(model, judge, starts, [scene, scene, scene]);
    const calls = model.calls;
    // Lane 2's episode is one step shorter, as if it had terminated.
    const traces = await Promise.all(
      lanes.map(async (env, i) => {
        const trace = [fingerprint((await env.reset({ seed: 10 + i })).obs)];
        for (let t = 0; t < (i === 2 ? 2 : 3); t++) trace.push(fingerprint((await env.step(action(i, t))).obs));
        await env.close();
        return trace;
      }),
    );
    expect(model.calls - calls).toBe(3 * (model.manifest.sampler?.steps ?? 0));
    const batch = new WorldModelBatch(model, judge, 3);
    const first = await batch.reset(await Promise.all([0, 1, 2].map((i) => starts.start(scene, 10 + i))));
    const direct = first.map((r) => [fingerprint((r as { obs: Observation }).obs)]);
    for (let t = 0; t < 3; t++) {
      const results = await batch.step([0, 1, 2].map((i) => (i === 2 && t === 2 ? null : [action(i, t)])));
      results.forEach((r, i) => {
        if (r) direct[i].push(fingerprint(r[0].obs));
      });
    }
    expect(traces).toEqual(direct);
  });

  it("fails only the lane with a bad action, and the others go on once it closes", async () => {
    const lanes = makeLockstepEnvs(model, undefined, starts, [scene, scene]);
    const [good, bad] = await Promise.allSettled(
      lanes.map(async (env, i) => {
        try {
          await env.reset({ seed: i });
          await env.step(i === 1 ? [Number.NaN, 0, 0, 0, 0, 0, 1] : action(0, 0));
          return (await env.step(action(0, 1))).info;
        } finally {
          await env.close();
        }
      }),
    );
    expect(good.status).toBe("fulfilled");
    expect(bad.status === "rejected" && String(bad.reason)).toMatch(/action\[0\] \(dx\): expected a finite number/);
  });
});

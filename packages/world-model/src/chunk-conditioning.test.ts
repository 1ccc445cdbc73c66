import { checkEnv, type Env, fingerprint, type RgbImage, stepCall } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { afterAll, describe, expect, it } from "vitest";
import { SceneStarts } from "./episode-start";
import { loadJudge } from "./judge";
import { makeLockstepEnvs } from "./lockstep";
import { REPO_ROOT, TINY_CHUNK, TINY_JUDGE } from "./testing/shipped-models";
import { loadWorldModel, type WorldModel } from "./world-model";
import { makeWorldModelEnv } from "./world-model-env";

// tiny-chunk (make_tiny_chunk.py): a square on grey, moved 40 px per metre of dx; 2 actions per call;
// it scores its own frames: success right of x = 22 px.
const owned: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of owned) await o.close();
});
async function chunkModel(): Promise<WorldModel> {
  const m = await loadWorldModel(TINY_CHUNK);
  owned.push(m);
  return m;
}

/** The toy world's picture: a red 7x7 square centred at (x, y) on grey, RGBA. */
function square(x: number, y: number): RgbImage {
  const data = new Uint8Array(32 * 32 * 4);
  for (let row = 0; row < 32; row++)
    for (let col = 0; col < 32; col++) {
      const inside = Math.abs(col - x) <= 3 && Math.abs(row - y) <= 3;
      data.set(inside ? [255, 51, 0, 255] : [128, 128, 128, 255], (row * 32 + col) * 4);
    }
  return { width: 32, height: 32, data };
}

const right = [0.05, 0, 0, 0, 0, 0, 1]; // 2 px to the right, gripper 1 (red)
const initial = { images: { third: square(16, 16) }, state: [16, 16, 0, 0, 0, 0, 1], instruction: "move the square right", task: "push" };

describe("a chunk-conditioned world model that scores its own frames", () => {
  it("steps a chunk per call, a result per action, and ends the episode inside a chunk at its first success", async () => {
    const env = makeWorldModelEnv(await chunkModel(), { initial, maxSteps: 20 });
    owned.push(env);
    const first = await env.reset({ seed: 0 });
    expect(first.info).toEqual({ success: false, progress: 0, judge: "tiny-chunk" });
    await expect(env.step(right)).rejects.toThrow(/predicts 2 frames per chunk of actions; call stepChunk/);
    await expect(env.stepChunk([right])).rejects.toThrow(/takes 2 action\(s\) per call, got 1/);

    const a = await env.stepChunk([right, right]); // x: 18, 20
    expect(a).toHaveLength(2);
    expect(a.map((r) => r.info.success)).toEqual([false, false]);
    expect(Math.abs(a[1].obs.state[0] - 20)).toBeLessThan(1); // the state after both actions, from the graph (a toy's, to a pixel)
    expect(a[0].info.progress).toBeLessThan(a[1].info.progress);
    expect(a[1].info.judge).toBe("tiny-chunk");

    const b = await env.stepChunk([right, right]); // x: 22 is past the line: the episode ends there
    expect(b).toHaveLength(1);
    expect(b[0].info.success).toBe(true);
    expect(b[0].terminated).toBe(true);
    expect(b[0].info.successProbability).toBeGreaterThan(0.5);
    await expect(env.stepChunk([right, right])).rejects.toThrow(/call reset first/);
  });

  it("moving left never succeeds, and the episode is truncated at its step limit", async () => {
    const env = makeWorldModelEnv(await chunkModel(), { initial, maxSteps: 3 });
    owned.push(env);
    await env.reset({ seed: 0 });
    const left = [-0.05, 0, 0, 0, 0, 0, 1];
    const a = await env.stepChunk([left, left]);
    const b = await env.stepChunk([left, left]); // step 3 of 3: the second action is not taken
    expect([...a, ...b].map((r) => r.info.success)).toEqual([false, false, false]);
    expect(b).toHaveLength(1);
    expect(b[0].truncated).toBe(true);
  });

  it("a judge, when given, scores the frames instead of the model's own output", async () => {
    const judge = await loadJudge(TINY_JUDGE);
    owned.push(judge);
    const env = makeWorldModelEnv(await chunkModel(), { initial, judge, maxSteps: 20 });
    owned.push(env);
    expect((await env.reset({ seed: 0 })).info.judge).toBe("judge-tiny");
    const [r] = await env.stepChunk([right, right]);
    expect(r.info.judge).toBe("judge-tiny");
  });

  it("passes checkEnv, which steps it a chunk per call", async () => {
    const env = makeWorldModelEnv(await chunkModel(), { initial, maxSteps: 20 });
    expect(env.spec.chunkSize).toBe(2);
    const checks = await checkEnv(env, { steps: 3 });
    expect(checks.every((c) => c.ok)).toBe(true);
    // The same env without its stepChunk: the checker names what is missing.
    const other = makeWorldModelEnv(await chunkModel(), { initial, maxSteps: 20 });
    const noChunks: Env = { spec: other.spec, reset: (o) => other.reset(o), step: (a) => other.step(a), close: () => other.close() };
    await expect(checkEnv(noChunks)).rejects.toThrow(/spec: spec.chunkSize is 2: implement stepChunk\(actions\)/);
  });

  it("lockstep lanes step chunks, giving each lane what one env gives the same episode, one model call per chunk for all", async () => {
    const model = await chunkModel();
    const starts = new SceneStarts(model.manifest.image.views, model.manifest.name);
    owned.push(starts);
    const scene = loadScene(`${REPO_ROOT}/scenes/pick-cube.json`);
    const chunk = (lane: number, t: number) => [0, 1].map((k) => [0.01 * (lane + 1), 0.005 * (t + k), 0, 0, 0, 0, 1]);
    const trace = async (env: Env, lane: number) => {
      const prints = [fingerprint((await env.reset({ seed: 3 + lane, scene })).obs)];
      for (let t = 0; t < 3; t++) for (const r of await stepCall(env, chunk(lane, t))) prints.push(fingerprint(r.obs));
      await env.close();
      return prints;
    };
    const lanes = makeLockstepEnvs(model, undefined, starts, [scene, scene]);
    expect(lanes[0].spec.chunkSize).toBe(2);
    await expect(lanes[0].step(right)).rejects.toThrow(/predicts 2 frames per chunk of actions; call stepChunk/);
    const calls = model.calls;
    const together = await Promise.all(lanes.map(trace));
    expect(model.calls - calls).toBe(3);
    const alone = [];
    for (const lane of [0, 1]) alone.push(await trace(makeWorldModelEnv(model, { scene, starts }), lane));
    expect(together).toEqual(alone);
    expect(together[0]).toHaveLength(7);
  });

  it("a lockstep lane refuses a chunk of the wrong length or with a bad action, failing only that lane", async () => {
    const model = await chunkModel();
    const starts = new SceneStarts(model.manifest.image.views, model.manifest.name);
    owned.push(starts);
    const scene = loadScene(`${REPO_ROOT}/scenes/pick-cube.json`);
    const [lane] = makeLockstepEnvs(model, undefined, starts, [scene]);
    await lane.reset({ seed: 0 });
    await expect(stepCall(lane, [right])).rejects.toThrow(/takes 2 action\(s\) per call, got 1/);
    await expect((lane.stepChunk as NonNullable<Env["stepChunk"]>)([right])).rejects.toThrow(/stepChunk: world model tiny-chunk takes 2 action\(s\) per call, got 1/);
    await expect(stepCall(lane, [right, [Number.NaN, 0, 0, 0, 0, 0, 1]])).rejects.toThrow(/action\[0\] \(dx\): expected a finite number/);
    expect(await stepCall(lane, [right, right])).toHaveLength(2);
    await lane.close();
  });
});

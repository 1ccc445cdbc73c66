import { checkEnv, fingerprint, type Observation } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { afterAll, describe, expect, it } from "vitest";
import { WorldModelBatch } from "./batch";
import { type Judge, loadJudge } from "./judge";
import { REPO_ROOT, shippedModels, TINY_DIFFUSION, TINY_DIRECT, TINY_JUDGE } from "./testing/shipped-models";
import { loadWorldModel, type WorldModel } from "./world-model";
import { makeWorldModelEnv } from "./world-model-env";

const scene = loadScene(`${REPO_ROOT}/scenes/pick-cube.json`);
const push = loadScene(`${REPO_ROOT}/scenes/push-block.json`);
const owned: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of owned) await o.close();
});
async function model(dir: string): Promise<WorldModel> {
  const m = await loadWorldModel(dir);
  owned.push(m);
  return m;
}
async function judge(dir = TINY_JUDGE): Promise<Judge> {
  const j = await loadJudge(dir);
  owned.push(j);
  return j;
}
const action = (t: number) => [0.02 * Math.sin(t), 0.02 * Math.cos(t), -0.01, 0, 0, 0.05, t % 4 < 2 ? 1 : 0];

describe("WorldModelEnv", () => {
  const references = shippedModels("gauntlet-world-model").filter((d) => d !== TINY_DIFFUSION);
  it.each([TINY_DIFFUSION, TINY_DIRECT, ...references])("passes checkEnv with %s", async (dir) => {
    const env = makeWorldModelEnv(await model(dir), { scene, judge: await judge() });
    const checks = await checkEnv(env);
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(env.spec.backend).toBe("world-model");
    expect(env.spec.id).toBe("PickCube-v1");
  });

  it("starts from the simulator's frames of the scene, resized to the model, and predicts every view", async () => {
    const m = await model(TINY_DIFFUSION);
    const env = makeWorldModelEnv(m, { scene, judge: await judge() });
    owned.push(env);
    const { obs, info } = await env.reset({ seed: 3 });
    expect(Object.keys(obs.images)).toEqual(["third", "wrist"]);
    expect(obs.images.third.width).toBe(32);
    expect(obs.state).toHaveLength(7);
    expect(info.judge).toBe("judge-tiny");
    const other = await env.reset({ seed: 4 });
    expect(fingerprint(other.obs)).not.toBe(fingerprint(obs)); // the seed places the cube
    const r = await env.step(action(0));
    expect(r.obs.images.wrist.data).toHaveLength(32 * 32 * 4);
    expect(Array.from(r.obs.images.third.data)).not.toEqual(Array.from(other.obs.images.third.data));
    expect(r.info.successProbability).toBeGreaterThanOrEqual(0);
  });

  it("corrupts what the policy sees as the scene's image perturbation says, while the model's context stays clean", async () => {
    const m = await model(TINY_DIRECT);
    const corrupted = { ...scene, observation: { noise: 0.2, blur: 1, exposure: -0.5 } };
    const clean = makeWorldModelEnv(m, { scene });
    const noisy = makeWorldModelEnv(m, { scene: corrupted });
    owned.push(clean, noisy);
    const a = await clean.reset({ seed: 2 });
    const b = await noisy.reset({ seed: 2 });
    expect(fingerprint(b.obs)).not.toBe(fingerprint(a.obs));
    const again = makeWorldModelEnv(m, { scene: corrupted });
    owned.push(again);
    expect(fingerprint((await again.reset({ seed: 2 })).obs)).toBe(fingerprint(b.obs)); // the noise is seeded
    const [sa, sb] = [await clean.step(action(0)), await noisy.step(action(0))];
    expect(fingerprint(sb.obs)).not.toBe(fingerprint(sa.obs)); // every predicted frame is corrupted too
    expect(Array.from(sb.obs.state)).toEqual(Array.from(sa.obs.state)); // same clean context, same prediction underneath
  });

  it("integrates the actions when the model has no state output, and says when there is no judge", async () => {
    const env = makeWorldModelEnv(await model(TINY_DIRECT), { scene });
    owned.push(env);
    const { obs, info } = await env.reset({ seed: 1 });
    expect(info).toEqual({ success: false, progress: 0, judge: "none" });
    const r = await env.step([0.01, -0.02, 0.03, 0, 0, 0.1, 0]);
    const expected = [obs.state[0] + 0.01, obs.state[1] - 0.02, obs.state[2] + 0.03, obs.state[3], obs.state[4], obs.state[5] + 0.1, 0];
    for (const [i, v] of r.obs.state.entries()) expect(v).toBeCloseTo(expected[i], 6);
    expect(r.info.success).toBe(false);
  });

  it("takes real camera frames and state instead of a scene", async () => {
    const frame = { width: 64, height: 48, data: new Uint8Array(64 * 48 * 4).fill(200) };
    const env = makeWorldModelEnv(await model(TINY_DIFFUSION), {
      initial: { images: { third: frame, wrist: frame }, state: [0.3, 0, 0.2, 0, 0, 0, 1], instruction: "push the block", task: "push" },
      judge: await judge(),
      maxSteps: 5,
    });
    owned.push(env);
    const { obs } = await env.reset({ seed: 0 });
    expect(obs.images.third.data[0]).toBe(200); // area-resized from 64x48: a flat grey stays 200
    expect(env.spec.task).toBe("push");
    let last: Awaited<ReturnType<typeof env.step>> | undefined;
    for (let t = 0; t < 5 && !(last?.terminated || last?.truncated); t++) last = await env.step(action(t));
    expect(last?.truncated || last?.terminated).toBe(true);
    await expect(env.step(action(0))).rejects.toThrow(/call reset first/);
  });

  // ONNX Runtime's CPU kernels are not bitwise batch-invariant (about 3e-7 between a row run alone
  // and in a batch), so batched and single episodes agree to within rounding, not to the bit.
  it("steps a batch as it steps each episode alone, to within float rounding", async () => {
    const m = await model(TINY_DIFFUSION);
    const j = await judge();
    const env = makeWorldModelEnv(m, { scene, judge: j });
    owned.push(env);
    const episodes = [
      { seed: 1, scene },
      { seed: 2, scene: push },
      { seed: 3, scene },
    ];
    const alone: Observation[][] = [];
    for (const e of episodes) {
      const trace = [(await env.reset(e)).obs];
      for (let t = 0; t < 4; t++) trace.push((await env.step(action(t + e.seed))).obs);
      alone.push(trace);
    }
    const batch = new WorldModelBatch(m, j, 3);
    const starts = [];
    for (const e of episodes) starts.push(await env.episodeStart(e.seed, e.scene)); // one simulator: one reset at a time
    const batched = (await batch.reset(starts)).map((r) => [(r as { obs: Observation }).obs]);
    const taken = episodes.map(() => 0);
    const stepBatch = async (skip: number | undefined) => {
      const results = await batch.step(episodes.map((e, i) => (i === skip || taken[i] === 4 ? null : [action(taken[i] + e.seed)])));
      results.forEach((r, i) => {
        if (!r) return;
        batched[i].push(r[0].obs);
        taken[i]++;
      });
    };
    // Episode 1 sits out one pass, so the batch changes shape mid-way.
    for (let t = 0; t < 5; t++) await stepBatch(t === 2 ? 1 : undefined);
    expect(taken).toEqual([4, 4, 4]);
    // Per step: the largest byte difference, the share of bytes that differ, the largest state difference.
    const gaps = [0, 1, 2, 3, 4].map((t) => {
      let worst = 0;
      let differing = 0;
      let total = 0;
      let state = 0;
      batched.forEach((trace, i) => {
        const [obs, ref] = [trace[t], alone[i][t]];
        for (const view of Object.keys(ref.images)) {
          const a = obs.images[view].data;
          const b = ref.images[view].data;
          for (let k = 0; k < a.length; k++) {
            const d = Math.abs(a[k] - b[k]);
            worst = Math.max(worst, d);
            if (d > 0) differing++;
          }
          total += a.length;
        }
        obs.state.forEach((v, k) => {
          state = Math.max(state, Math.abs(v - ref.state[k]));
        });
      });
      return { worst, share: differing / total, state };
    });
    expect(gaps[0]).toEqual({ worst: 0, share: 0, state: 0 }); // the simulator's first frames: identical
    for (const g of gaps) {
      expect(g.worst).toBeLessThanOrEqual(1);
      expect(g.share).toBeLessThan(0.002);
      expect(g.state).toBeLessThan(1e-4);
    }

  });
});

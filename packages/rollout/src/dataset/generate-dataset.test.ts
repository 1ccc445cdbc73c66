import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resizeArea } from "@gauntlet/core";
import { loadScene, makeSimEnv } from "@gauntlet/sim";
import { afterAll, describe, expect, it } from "vitest";
import { generateDataset } from "./generate-dataset";
import { readDatasetEpisode, readDatasetIndex } from "./read-dataset";

const root = mkdtempSync(join(tmpdir(), "gauntlet-dataset-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const scene = loadScene(join(import.meta.dirname, "../../../../scenes/pick-cube.json"));
const options = (out: string) => ({
  out,
  scenes: [scene],
  episodes: 3,
  seed: 7,
  size: 32,
  policies: [{ kind: "oracle" as const, noise: 0 }, { kind: "random" as const }],
  progress: false,
});

describe("generateDataset", () => {
  it("is deterministic: the same options give byte-identical files", async () => {
    const a = await generateDataset(options(join(root, "a")));
    await generateDataset(options(join(root, "b")));
    expect(a.episodes.map((e) => [e.policy, e.seed])).toEqual([["oracle", 7], ["random", 8], ["oracle", 9]]);
    for (const ep of a.episodes) {
      for (const file of readdirSync(join(root, "a", ep.dir))) {
        expect(readFileSync(join(root, "b", ep.dir, file)).equals(readFileSync(join(root, "a", ep.dir, file))), `${ep.dir}/${file}`).toBe(true);
      }
    }
    expect(readFileSync(join(root, "b", "index.json"), "utf8")).toBe(readFileSync(join(root, "a", "index.json"), "utf8"));
  }, 120_000);

  it("stores shapes per the contract and labels that replaying the actions in the simulator reproduces", async () => {
    const dir = join(root, "a");
    const index = readDatasetIndex(dir);
    expect(index.image).toMatchObject({ width: 32, height: 32, views: ["third"] });
    expect(index.episodes.some((e) => e.success)).toBe(true); // the clean oracle solves pick-cube
    expect(index.episodes.some((e) => !e.success)).toBe(true); // random does not
    const env = await makeSimEnv(scene, { cameras: ["third"] });
    try {
      for (const meta of index.episodes) {
        const ep = readDatasetEpisode(dir, meta);
        const t = meta.steps;
        expect(ep.frames.length).toBe((t + 1) * 32 * 32 * 3);
        expect(ep.actions.length).toBe(t * 7);
        expect(ep.states.length).toBe((t + 1) * 7);
        expect(ep.success.length).toBe(t + 1);
        expect(ep.progress.length).toBe(t + 1);
        expect(ep.success[t]).toBe(meta.success);
        expect(ep.success.slice(0, t).every((s) => !s)).toBe(true); // the simulator ends an episode at its first success
        // Replay: the stored actions from the stored seed give back the stored frames, states and labels.
        let { obs, info } = await env.reset({ seed: meta.seed, scene });
        for (let i = 0; i <= t; i++) {
          const cam = env.spec.cameras[0];
          const frame = resizeArea({ width: cam.width, height: cam.height, data: obs.images.third.data }, 32, 32);
          expect(Buffer.from(frame).equals(Buffer.from(ep.frames.subarray(i * frame.length, (i + 1) * frame.length))), `${meta.id} frame ${i}`).toBe(true);
          for (let k = 0; k < 7; k++) expect(ep.states[i * 7 + k]).toBeCloseTo(obs.state[k], 5);
          expect(ep.success[i]).toBe(info.success);
          expect(ep.progress[i]).toBeCloseTo(info.progress, 5);
          if (i < t) ({ obs, info } = await env.step(Array.from(ep.actions.subarray(i * 7, i * 7 + 7))));
        }
      }
    } finally {
      await env.close();
    }
  }, 120_000);

  it("records afterSuccess steps past the first success, with every frame's true label", async () => {
    const dir = join(root, "after");
    const index = await generateDataset({ ...options(dir), episodes: 1, policies: [{ kind: "oracle", noise: 0 }], afterSuccess: 3 });
    expect(index.afterSuccess).toBe(3);
    const [meta] = index.episodes;
    const ep = readDatasetEpisode(dir, meta);
    const first = ep.success.indexOf(true);
    expect(first).toBeGreaterThan(0);
    expect(meta.steps).toBe(first + 3);
    expect(meta.success).toBe(true);
    // Replaying in a simulator that does not stop at success gives back the later frames' labels too.
    const env = await makeSimEnv(scene, { cameras: [], endOnSuccess: false });
    try {
      let { info } = await env.reset({ seed: meta.seed, scene });
      for (let i = 0; i < meta.steps; i++) {
        const result = await env.step(Array.from(ep.actions.subarray(i * 7, i * 7 + 7)));
        expect(result.terminated).toBe(false);
        info = result.info;
        expect(ep.success[i + 1]).toBe(info.success);
        expect(ep.progress[i + 1]).toBeCloseTo(info.progress, 5);
      }
    } finally {
      await env.close();
    }
    await expect(generateDataset({ ...options(join(root, "bad")), afterSuccess: -1 })).rejects.toThrow(/afterSuccess: expected a non-negative integer, got -1/);
  }, 120_000);
});

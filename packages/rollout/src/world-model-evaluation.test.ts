import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startOpenPiTestServer } from "@gauntlet/policies/testing";
import { afterAll, describe, expect, it } from "vitest";
import type { VisionPolicyOptions } from "@gauntlet/policies";
import { type EpisodeJob, EpisodeRunner, jobId } from "./episode-runner";
import { parseEvaluationConfig } from "./evaluation-config";
import { runQueuedEvaluation } from "./queue/run-queued-evaluation";
import { writeReport } from "./report/write-report";
import { runEvaluation } from "./run-evaluation";
import { snapshotRun } from "./testing/run-snapshot";
import { WorldModelJobs } from "./world-model-jobs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const configJson = {
  name: "wm-test",
  scenes: ["scenes/pick-cube.json", "scenes/push-block.json"],
  policies: ["random", { kind: "onnx", path: "models/bc/bc-d250" }],
  seeds: { start: 0, count: 2 },
  backend: "world-model",
  worldModel: "models/wm-tiny-diffusion",
  judge: "models/wm-tiny-diffusion/judge",
  batch: 4,
};
const dirs: string[] = [];
const tempDir = (label: string) => {
  const d = mkdtempSync(join(tmpdir(), label));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("evaluation with backend world-model", () => {
  const config = parseEvaluationConfig(configJson, root);

  it("resolves the model and judge against the config file and refuses what cannot run", () => {
    expect(config.worldModel).toBe(join(root, "models/wm-tiny-diffusion"));
    expect(config.judge).toBe(join(root, "models/wm-tiny-diffusion/judge"));
    expect(parseEvaluationConfig({ ...configJson, backend: undefined, worldModel: undefined, judge: undefined }, root).backend).toBe("sim");
    expect(() => parseEvaluationConfig({ ...configJson, worldModel: undefined }, root)).toThrow(/evaluation\.worldModel: expected a model folder, since backend is "world-model"/);
    expect(() => parseEvaluationConfig({ ...configJson, policies: ["random", "oracle"] }, root)).toThrow(/evaluation\.policies\[1\]: an oracle reads the simulator's true state/);
    expect(() => parseEvaluationConfig({ ...configJson, backend: "sim" }, root)).toThrow(/evaluation\.worldModel: only used with backend "world-model"/);
  });

  it("runs through the same runner, store and report, identically with 1 and 2 workers", async () => {
    const one = tempDir("wm-eval-1w-");
    const two = tempDir("wm-eval-2w-");
    const a = await runEvaluation(config, { out: one, workers: 1, quiet: true });
    const b = await runEvaluation(config, { out: two, workers: 2, quiet: true });
    expect(a).toHaveLength(8);
    expect(a.every((r) => r.backend === "world-model" && r.status !== "errored" && r.steps > 0)).toBe(true);
    expect(a.map((r) => r.envId).sort()[0]).toBe("PickCube-v1");
    const record = a[0];
    expect(record.frames.map((f) => [f.camera, f.width, f.height])).toEqual([
      ["third", 32, 32],
      ["wrist", 32, 32],
    ]);
    expect(record.states).toHaveLength(record.steps + 1);
    expect(existsSync(join(one, "episodes", record.id, "wrist.mp4"))).toBe(true);
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    expect(snapshotRun(two)).toEqual(snapshotRun(one));
    const { summary, reportPath } = await writeReport(one, config.name, a);
    expect(summary.episodes.completed).toBe(8);
    expect(readFileSync(reportPath, "utf8")).toContain("bc-d250");
    expect(JSON.parse(readFileSync(join(one, "config.json"), "utf8")).hashes[join(root, "models/wm-tiny-diffusion/model.onnx")]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("runs a chunk-conditioned model (2 actions per call, its own success output) in lockstep, identically with 1 and 2 workers", async () => {
    const chunk = parseEvaluationConfig({ ...configJson, worldModel: "packages/world-model/fixtures/tiny-chunk", judge: undefined, policies: ["random"], scenes: ["scenes/push-block.json"], seeds: { start: 0, count: 3 }, batch: 2 }, root);
    const one = tempDir("wm-chunk-1w-");
    const two = tempDir("wm-chunk-2w-");
    const a = await runEvaluation(chunk, { out: one, workers: 1, quiet: true });
    const b = await runEvaluation(chunk, { out: two, workers: 2, quiet: true });
    expect(a).toHaveLength(3);
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    for (const r of a) {
      expect(r.status).not.toBe("errored");
      expect(r.actions).toHaveLength(r.steps);
      expect(r.states).toHaveLength(r.steps + 1);
      expect(r.frames.map((f) => [f.camera, f.hashes.length])).toEqual([["third", r.steps + 1]]);
    }
    expect(snapshotRun(two)).toEqual(snapshotRun(one));
    // Alone on its own env (no lockstep) the same episode comes out the same.
    const jobs = new WorldModelJobs();
    const alone = await jobs.run({ scenePath: join(root, "scenes/push-block.json"), sceneId: "push-block", seed: 1, maxRetries: 0, out: tempDir("wm-chunk-alone-"), policy: { kind: "random" }, worldModel: { model: chunk.worldModel as string } });
    await jobs.close();
    const inBatch = a.find((r) => r.seed === 1);
    expect(alone.frames).toEqual(inBatch?.frames);
    expect(alone.actions).toEqual(inBatch?.actions);
  });

  it("records no judge as failure with progress 0", async () => {
    const out = tempDir("wm-eval-nojudge-");
    const records = await runEvaluation(parseEvaluationConfig({ ...configJson, judge: undefined, policies: ["random"], scenes: ["scenes/push-block.json"], seeds: { start: 0, count: 1 } }, root), { out, workers: 1, quiet: true });
    expect(records).toHaveLength(1);
    expect(records[0].success).toBe(false);
    expect(records[0].truncated).toBe(true);
    expect(new Set(records[0].progress)).toEqual(new Set([0]));
  });

  it("errors only the episode whose policy hangs, after retrying it alone; its batch-mates complete", async () => {
    const server = await startOpenPiTestServer({ mode: "hang" });
    const out = tempDir("wm-eval-hang-");
    const runner = new EpisodeRunner();
    const keys = { "observation/image": { image: "third" }, "observation/state": "state", prompt: "instruction" };
    const base = { scenePath: join(root, "scenes/pick-cube.json"), sceneId: "pick-cube", seed: 0, maxRetries: 1, out, worldModel: { model: join(root, "packages/world-model/fixtures/tiny-direct") } };
    const jobs: EpisodeJob[] = [
      { ...base, policy: { kind: "random" } },
      { ...base, policy: { kind: "openpi", url: server.url, keys, timeoutMs: 300, name: "pi-hang" } },
    ];
    const [ok, hung] = await runner.runBatch(jobs);
    await runner.close();
    await server.close();
    expect(ok.status).toBe("failure"); // no judge: never a success
    expect(ok.steps).toBe(50);
    expect(hung.status).toBe("errored");
    expect(hung.backend).toBe("world-model");
    expect(hung.error).toMatch(/PolicyUnavailableError/);
    expect(server.calls.length).toBe(2); // once in the batch, once retried alone
  });
});

/** The caches a test inspects: the policies a job was built with, and the loaded models. */
const internals = (jobs: WorldModelJobs) => jobs as unknown as { idle: Map<string, unknown[]>; loaded: Map<string, unknown> };

describe("WorldModelJobs", () => {
  const tinyDirect = join(root, "packages/world-model/fixtures/tiny-direct"); // 32x32 frames, view "third"
  const base = { scenePath: join(root, "scenes/pick-cube.json"), sceneId: "pick-cube", seed: 0, maxRetries: 0, worldModel: { model: tinyDirect } };

  it("builds a vision policy from the scene's cameras at the model's frame size", async () => {
    const jobs = new WorldModelJobs();
    const record = await jobs.run({ ...base, out: tempDir("wm-vision-"), policy: { kind: "vision", noise: 0, delay: 0, gain: 1 } });
    expect(record.status).not.toBe("errored");
    // The policy went back to the idle pool after its episode; its calibration is what it was built with.
    const [policy] = [...internals(jobs).idle.values()].flat() as unknown as { opts: VisionPolicyOptions }[];
    const { camera, wristCamera } = policy.opts;
    expect([camera.name, camera.width, camera.height]).toEqual(["third", 32, 32]);
    expect(wristCamera?.width).toBe(128); // not a model view: left as the scene has it
    await jobs.close();
  });

  it("keeps an already-stored episode when a resumed batch's rerun of it fails", async () => {
    const out = tempDir("wm-resume-");
    const jobs = new WorldModelJobs();
    const [stored] = await jobs.runBatch([{ ...base, out, policy: { kind: "random" } }]);
    expect(stored.status).toBe("failure");
    const file = join(out, "episodes", stored.id, "record.json");
    const before = readFileSync(file, "utf8");
    // Same episode id ("random"), but a policy that cannot load: the rerun errors.
    const broken: EpisodeJob = { ...base, out, policy: { kind: "onnx", path: join(out, "missing-model"), name: "random" } };
    expect(jobId(broken)).toBe(stored.id);
    const [again] = await jobs.runBatch([broken]);
    expect(again).toEqual(stored);
    expect(readFileSync(file, "utf8")).toBe(before);
    await jobs.close();
  });

  it("does not cache a failed load, and still closes after one", async () => {
    const jobs = new WorldModelJobs();
    const job: EpisodeJob = { ...base, out: tempDir("wm-badjudge-"), policy: { kind: "random" }, worldModel: { model: tinyDirect, judge: join(root, "no-such-judge") } };
    await expect(jobs.runBatch([job])).rejects.toThrow(/no-such-judge/);
    expect(internals(jobs).loaded.size).toBe(0);
    await expect(jobs.close()).resolves.toBeUndefined();
  });
});

describe("the queue with backend world-model", () => {
  it("refuses before connecting, pointing to local batched runs", async () => {
    const config = parseEvaluationConfig(configJson, root);
    const run = runQueuedEvaluation(config, { out: tempDir("wm-queue-"), queueUrl: "redis://127.0.0.1:1", databaseUrl: "postgres://127.0.0.1:1/none", quiet: true });
    await expect(run).rejects.toThrow(/the queue runs simulator episodes only; run world-model evaluations locally \(batched\)/);
  });
});

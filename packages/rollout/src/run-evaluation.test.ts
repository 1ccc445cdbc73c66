import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseEvaluationConfig } from "./evaluation-config";
import { runEvaluation } from "./run-evaluation";
import { snapshotRun } from "./testing/run-snapshot";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const configJson = {
  name: "pool-test",
  scenes: [join(root, "scenes/pick-cube.json"), join(root, "scenes/push-block.json")],
  policies: ["oracle", "oracle:noise=0.2", "random"],
  seeds: { start: 0, count: 2 },
  cameras: ["third"],
};
const config = parseEvaluationConfig(configJson, root);

describe("runEvaluation", () => {
  const one = mkdtempSync(join(tmpdir(), "eval-1w-"));

  it("gives identical records and videos with 1 and 2 workers", async () => {
    const two = mkdtempSync(join(tmpdir(), "eval-2w-"));
    const a = await runEvaluation(config, { out: one, workers: 1, quiet: true });
    const b = await runEvaluation(config, { out: two, workers: 2, quiet: true });
    expect(a.length).toBe(12);
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    expect(snapshotRun(two)).toEqual(snapshotRun(one));
    expect(a.some((r) => r.success) && a.some((r) => !r.success)).toBe(true);
  });

  it("finishes every episode exactly once after being killed mid-run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eval-kill-"));
    const cfg = join(dir, "config.json");
    writeFileSync(cfg, JSON.stringify(configJson));
    const out = join(dir, "run");
    const launch = () => spawn(process.execPath, [join(root, "apps/cli/bin/gauntlet.mjs"), "evaluate", cfg, "--workers", "1", "--out", out], { cwd: root, stdio: "ignore" });
    const stored = () => (existsSync(join(out, "episodes")) ? readdirSync(join(out, "episodes")).filter((id) => existsSync(join(out, "episodes", id, "record.json"))).length : 0);

    const first = launch();
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (stored() >= 3) {
          clearInterval(timer);
          first.kill("SIGKILL");
          resolve();
        }
      }, 20);
      first.on("exit", () => {
        clearInterval(timer);
        reject(new Error("the run finished before it could be killed"));
      });
    });
    await new Promise((resolve) => first.on("exit", resolve));
    expect(stored()).toBeLessThan(12);

    const second = launch();
    const code = await new Promise((resolve) => second.on("exit", resolve));
    expect(code).toBe(0);
    expect(snapshotRun(out)).toEqual(snapshotRun(one));
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).episodes).toEqual({ total: 12, completed: 12, errored: 0 });
  });

  it("refuses to resume a folder whose episodes ran on other inputs, naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eval-changed-"));
    const scene = join(dir, "pick-cube.json");
    writeFileSync(scene, readFileSync(join(root, "scenes/pick-cube.json")));
    const small = parseEvaluationConfig({ ...configJson, scenes: [scene], policies: ["random"], seeds: { start: 0, count: 1 } }, root);
    const out = join(dir, "run");
    expect(await runEvaluation(small, { out, workers: 1, quiet: true })).toHaveLength(1);
    expect(await runEvaluation(small, { out, workers: 1, quiet: true })).toHaveLength(1); // same inputs: resumes
    const edited = JSON.parse(readFileSync(scene, "utf8"));
    edited.task.instruction = "lift the red cube";
    writeFileSync(scene, JSON.stringify(edited));
    await expect(runEvaluation(small, { out, workers: 1, quiet: true })).rejects.toThrow(`holds episodes that ran on other inputs (${scene} changed since)`);
  });
});


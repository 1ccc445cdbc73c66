/** Bench section `world-model`: batched world-model stepping on onnxruntime-node (CPU) and onnxruntime-web (wasm). */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseEvaluationConfig, runEvaluation } from "@gauntlet/rollout";
import { benchWorldModel, findModels, loadJudge } from "@gauntlet/world-model";
import type { BenchSection } from "./figures";

export const worldModelSection: BenchSection = {
  name: "world-model",
  async run(add) {
    // Throughput on a shared machine depends on what else runs: the load average puts the figures in context.
    add({ figure: "world-model: machine load average (1 min) when these figures start", value: loadavg()[0], unit: "processes" });
    // Every shipped world model (the tiny diffusion test model, the reference model), judged by the reference judge if there is one.
    const judgeDir = findModels("models", "gauntlet-judge").find((d) => !d.includes("wm-tiny-diffusion"));
    const judge = judgeDir ? await loadJudge(judgeDir, { log: () => undefined }) : undefined;
    for (const dir of findModels("models", "gauntlet-world-model")) {
      const name = basename(dir);
      for (const runtime of ["node", "web"] as const) {
        const label = runtime === "node" ? "onnxruntime-node CPU" : "onnxruntime-web wasm";
        const steps = runtime === "web" ? 5 : 20;
        const one = await benchWorldModel(dir, { runtime, batch: 1, steps, judge });
        const sixteen = await benchWorldModel(dir, { runtime, batch: 16, steps, judge });
        add({ figure: `${name}, ${label}: ms per env step, batch 1${judge ? " (judge included)" : ""}`, value: one.msPerStep, unit: "ms" });
        add({ figure: `${name}, ${label}: ms per env step, batch 16`, value: sixteen.msPerStep, unit: "ms" });
        add({ figure: `${name}, ${label}: batching speedup, 16 episodes per call vs one at a time`, value: (16 * one.msPerStep) / sixteen.msPerStep, unit: "x" });
        add({ figure: `${name}, ${label}: predicted frames/s, batch 16${judge ? ", judge included" : ""}`, value: sixteen.framesPerSecond, unit: "frames/s" });
        if (runtime === "node") {
          // The target figure: env steps of the world model alone, next to its bare graph calls timed in the
          // same run (the ceiling), so the env step's own cost shows. Evaluations run one intra-op thread per
          // session (fair in a worker pool: one session per core); one session may also use every core.
          // With more than one thread, idle pool threads spin or sleep (sleep by default; see SessionOptions.spin).
          const cores = availableParallelism();
          const runs = [{ threads: 1, spin: false }, ...(cores > 1 ? [false, true].map((spin) => ({ threads: cores, spin })) : [])];
          for (const { threads, spin } of runs) {
            const alone = judge || threads !== 1 ? await benchWorldModel(dir, { runtime, batch: 16, steps, threads, spin }) : sixteen;
            const how = `batch 16, world model alone, ${threads === 1 ? "1 intra-op thread" : `${threads} intra-op threads${spin ? ", spinning" : ""}`}`;
            add({ figure: `${name}, ${label}: predicted frames/s, ${how}`, value: alone.framesPerSecond, unit: "frames/s", target: ">= 500" });
            add({ figure: `${name}, ${label}: bare graph call frames/s (same run, no env step around it), ${how}`, value: alone.graphFramesPerSecond, unit: "frames/s" });
            add({ figure: `${name}, ${label}: env-step cost around the graph call, ${how}`, value: alone.msPerStep - alone.graphMsPerStep, unit: "ms/step" });
          }
        }
        if (sixteen.callsPerStep > 1) {
          add({ figure: `${name}, ${label}: sampler cost per predicted frame, batch 16`, value: sixteen.msPerStep / 16, unit: "ms/frame" });
          add({ figure: `${name}: graph calls per step (sampler steps; guidance halves share a call)`, value: sixteen.callsPerStep, unit: "calls" });
        }
      }
    }
    await judge?.close();
    // The rollout path end to end: random policy episodes through runEvaluation, one at a time vs lockstep batches.
    const model = findModels("models", "gauntlet-world-model").find((d) => !d.includes("wm-tiny-diffusion")) ?? "models/wm-tiny-diffusion";
    const one = await evaluationEpisodesPerSecond(model, judgeDir, 1);
    const sixteen = await evaluationEpisodesPerSecond(model, judgeDir, 16);
    add({ figure: `${basename(model)}: evaluation episodes/s, 16 random-policy episodes, batch 1 (1 worker)`, value: one, unit: "episodes/s" });
    add({ figure: `${basename(model)}: evaluation episodes/s, same episodes in one lockstep batch of 16`, value: sixteen, unit: "episodes/s" });
    add({ figure: `${basename(model)}: evaluation speedup from lockstep batching`, value: sixteen / one, unit: "x" });
  },
};

async function evaluationEpisodesPerSecond(model: string, judge: string | undefined, batch: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), "bench-wm-eval-"));
  const config = parseEvaluationConfig(
    { name: "bench-wm", scenes: ["scenes/pick-cube.json"], policies: ["random"], seeds: { start: 0, count: 16 }, backend: "world-model", worldModel: resolve(model), judge: judge && resolve(judge), batch },
    process.cwd(),
  );
  const t0 = performance.now();
  const records = await runEvaluation(config, { out, workers: 1, quiet: true });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  return records.length / seconds;
}

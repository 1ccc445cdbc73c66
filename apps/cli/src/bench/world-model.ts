/** Bench section `world-model`: batched world-model stepping on onnxruntime-node (CPU) and onnxruntime-web (wasm). */
import { basename } from "node:path";
import { benchWorldModel, findModels, loadJudge } from "@gauntlet/world-model";
import type { BenchSection } from "./figures";

export const worldModelSection: BenchSection = {
  name: "world-model",
  async run(add) {
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
        add({ figure: `${name}, ${label}: predicted frames/s, batch 16`, value: sixteen.framesPerSecond, unit: "frames/s", target: runtime === "node" ? ">= 500" : undefined });
        if (sixteen.callsPerStep > 1) {
          add({ figure: `${name}, ${label}: sampler cost per predicted frame, batch 16`, value: sixteen.msPerStep / 16, unit: "ms/frame" });
          add({ figure: `${name}: graph calls per step (sampler steps; guidance halves share a call)`, value: sixteen.callsPerStep, unit: "calls" });
        }
      }
    }
    await judge?.close();
  },
};

/** Bench sections of the simulator, the local episode pool, ranking and remote policies. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchRemoteOverhead } from "@gauntlet/policies";
import { benchBradleyTerry } from "@gauntlet/ranking";
import { loadEvaluationConfig, runEvaluation } from "@gauntlet/rollout";
import { benchEnvSteps, benchOracleSuccess, benchPhysicsSteps, loadScene } from "@gauntlet/sim";
import { benchRender } from "@gauntlet/sim/render";
import type { BenchSection } from "./figures";

export const simSection: BenchSection = {
  name: "sim",
  async run(add) {
    const pick = loadScene("scenes/pick-cube.json");
    add({ figure: "physics steps/s, pick scene, one core", value: await benchPhysicsSteps(pick), unit: "steps/s", target: ">= 5000" });
    const noCamera = await benchEnvSteps(pick, []);
    add({ figure: "env steps/s, full control step, no camera", value: noCamera.envStepsPerSecond, unit: "steps/s" });
    add({ figure: "physics steps/s inside control steps (IK, arm posing, grasp checks included)", value: noCamera.physicsStepsPerSecond, unit: "steps/s" });
    const oneCamera = await benchEnvSteps(pick, ["third"]);
    add({ figure: "env steps/s, full control step, one 128² camera", value: oneCamera.envStepsPerSecond, unit: "steps/s", target: ">= 100, aim 200" });
    const twoCameras = await benchEnvSteps(pick, ["third", "wrist"]);
    add({ figure: "env steps/s, full control step, two 128² cameras", value: twoCameras.envStepsPerSecond, unit: "steps/s" });
    const render = await benchRender();
    add({ figure: "render + readback, 128²", value: render.fps128, unit: "fps" });
    add({ figure: "render + readback, 256²", value: render.fps256, unit: "fps" });
    add({ figure: "render + readback, 512²", value: render.fps512, unit: "fps" });
    for (const file of ["pick-cube", "push-block", "place-on-plate", "stack-cube"]) {
      const result = await benchOracleSuccess(loadScene(`scenes/${file}.json`), 100);
      add({ figure: `oracle success, ${file}, 100 seeds`, value: 100 * result.rate, unit: "%", target: ">= 95%" });
    }
  },
};

/** Episodes per second of the default suite, 3 seeds, in a fresh run folder (videos included). */
async function episodesPerSecond(workers: number): Promise<number> {
  const config = loadEvaluationConfig("evaluations/default.json");
  config.seeds = { start: 0, count: 3 };
  const t0 = performance.now();
  const records = await runEvaluation(config, { out: mkdtempSync(join(tmpdir(), "bench-eval-")), workers, quiet: true });
  return records.length / ((performance.now() - t0) / 1000);
}

export const episodesSection: BenchSection = {
  name: "episodes",
  async run(add) {
    const one = await episodesPerSecond(1);
    add({ figure: "episodes/s, default suite (3 seeds), 1 worker(s)", value: one, unit: "episodes/s" });
    const two = await episodesPerSecond(2);
    add({ figure: "episodes/s, default suite (3 seeds), 2 worker(s)", value: two, unit: "episodes/s" });
    add({ figure: "scaling, 2 workers over 1", value: two / one, unit: "x" });
  },
};

export const rankingSection: BenchSection = {
  name: "ranking",
  async run(add) {
    const bt = benchBradleyTerry();
    add({ figure: "Bradley-Terry fit + 1000 bootstrap resamples, 20 policies, 100k comparisons", value: bt.totalMs, unit: "ms", target: "<= 2000" });
  },
};

export const remoteSection: BenchSection = {
  name: "remote",
  async run(add) {
    const remote = await benchRemoteOverhead();
    add({ figure: "remote policy overhead per step, openpi websocket, 128² image + state", value: remote.openpiMsPerStep, unit: "ms", target: "<= 3" });
    add({ figure: "remote policy overhead per step, HTTP JSON, 128² image + state", value: remote.httpMsPerStep, unit: "ms" });
  },
};

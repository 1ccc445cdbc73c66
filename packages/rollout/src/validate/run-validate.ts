/**
 * `gauntlet validate` as a library call: held-out simulator episodes (generated, or reused when the
 * folder already holds the same ones), open-loop image quality, judge accuracy, and closed-loop
 * success rates in both backends with their agreement. Writes validate.json and report.html.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadScene } from "@gauntlet/sim";
import { encodePng } from "@gauntlet/sim/render";
import { loadJudge, loadWorldModel, type WorldModel } from "@gauntlet/world-model";
import { evaluateJudge, evaluateOpenLoop, evaluateReplayedSuccess, type LabelledEpisode, type OpenLoopResult, PSNR_CAP_DB } from "@gauntlet/world-model/validity";
import { defaultDatasetLadder, generateDataset, readDatasetEpisode, readDatasetIndex } from "../dataset";
import { startProgress } from "../progress";
import { runClosedLoopSim, runClosedLoopWorldModel, type SimClosedLoop } from "./closed-loop";
import { loadBridgeEpisodes } from "./bridge-episodes";
import { compareBackends } from "./compare-backends";
import { closedLoopSimStamp, heldOutStamp } from "./input-stamps";
import type { ValidateConfig } from "./validate-config";
import { renderValidateReport, type ValidateResult } from "./validate-report";

export interface ValidateOptions {
  worldModel: string;
  judge: string;
  out: string;
  /** Skip the closed-loop comparison (open loop and judge only). */
  skipClosedLoop?: boolean;
  /** Run only the simulator half of the closed loop (kept in out/ for a later run to reuse). */
  simOnly?: boolean;
  /** Worker threads for the world model's closed loop (default 1). */
  workers?: number;
  quiet?: boolean;
}

/** Runs the validation and returns its figures; files go to `opts.out`. */
export async function runValidate(config: ValidateConfig, opts: ValidateOptions): Promise<ValidateResult> {
  mkdirSync(opts.out, { recursive: true });
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await f();
    seconds[name] = (performance.now() - t0) / 1000;
    return value;
  };
  const model = await loadWorldModel(opts.worldModel);
  const judge = await loadJudge(opts.judge);
  try {
    const { width } = model.manifest.image;
    const scenes = config.closedLoop.scenePaths.map((p) => loadScene(p));
    const heldOutDir = join(opts.out, "held-out");
    const policies = config.heldOut.policies ?? defaultDatasetLadder(resolve("models/bc"));
    const wanted = heldOutStamp(config.closedLoop.scenePaths, policies, { seed: config.heldOut.seed, size: width, perScene: config.heldOut.episodes, scenes: scenes.map((s) => s.id) });
    await timed("heldOutData", async () => {
      const stamp = join(heldOutDir, "request.json");
      if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return;
      await generateDataset({ out: heldOutDir, scenes, episodes: config.heldOut.episodes, seed: config.heldOut.seed, policies, size: width, progress: !opts.quiet });
      writeFileSync(stamp, wanted);
    });
    const index = readDatasetIndex(heldOutDir);
    const episodes: LabelledEpisode[] = index.episodes.map((meta) => {
      const ep = readDatasetEpisode(heldOutDir, meta);
      return { id: meta.id, task: meta.task, instruction: meta.instruction, seed: meta.seed, policy: meta.policy, width: index.image.width, height: index.image.height, views: index.image.views, frames: ep.frames, actions: ep.actions, states: ep.states, success: ep.success };
    });
    const openLoop = await timed("openLoop", async () => {
      const bar = opts.quiet ? undefined : startProgress("open loop", episodes.length, "episodes");
      let done = 0;
      const onBatch = (n: number) => {
        bar?.tick(n - done);
        done = n;
      };
      const result = await evaluateOpenLoop(model, episodes, { horizons: config.horizons, keepFrames: 4, onBatch });
      bar?.done();
      return result;
    });
    const judgeAccuracy = await timed("judge", () => evaluateJudge(judge, episodes));
    const replayedSuccess = await timed("replayedSuccess", () => evaluateReplayedSuccess(model, judge, episodes));
    const real = config.real && (await timed("real", () => realOpenLoop(model, config.real as NonNullable<ValidateConfig["real"]>)));
    const result: ValidateResult = {
      name: config.name,
      worldModel: { dir: opts.worldModel, name: model.manifest.name, sha256: sha256(join(opts.worldModel, model.manifest.files.model)) },
      judge: { dir: opts.judge, name: judge.name, sha256: sha256(join(opts.judge, judge.manifest.files.model)) },
      heldOut: { episodes: episodes.length, seed: config.heldOut.seed, frames: episodes.reduce((n, e) => n + e.success.length, 0) },
      openLoop: { horizons: openLoop.horizons, episodes: openLoop.episodes, psnrCapDb: PSNR_CAP_DB },
      judgeAccuracy,
      replayedSuccess,
      ...(real ? { real } : {}),
      seconds,
    };
    if (!opts.skipClosedLoop) {
      const cl = config.closedLoop;
      const pairs = cl.scenePaths.length * cl.policies.length * cl.seeds.count;
      // The simulator half depends only on the config's inputs and the judge: kept, and reused when both are unchanged.
      const simStamp = closedLoopSimStamp(cl, result.judge.sha256);
      const simFile = join(opts.out, "closed-loop-sim.json");
      const cached = existsSync(simFile) ? (JSON.parse(readFileSync(simFile, "utf8")) as { stamp: string } & SimClosedLoop) : undefined;
      const sim = cached?.stamp === simStamp ? cached : await timed("closedLoopSim", async () => {
        const bar = opts.quiet ? undefined : startProgress("closed loop, simulator", pairs, "episodes");
        const r = await runClosedLoopSim(cl, judge, bar);
        bar?.done();
        writeFileSync(simFile, JSON.stringify({ stamp: simStamp, ...r }));
        return r;
      });
      if (!opts.simOnly) {
        const wm = await timed("closedLoopWorldModel", () =>
          runClosedLoopWorldModel(cl, { worldModel: opts.worldModel, judge: opts.judge, out: join(opts.out, "closed-loop-world-model"), workers: opts.workers, quiet: opts.quiet }),
        );
        writeFileSync(join(opts.out, "closed-loop-world-model.json"), JSON.stringify(wm));
        result.closedLoop = {
          comparison: compareBackends(wm, sim.records, { bootstrap: config.bootstrap }),
          judgeOnSim: compareBackends(sim.judged, sim.records, { bootstrap: 0 }),
          policies: cl.policies.length,
          scenes: cl.scenePaths.length,
          seeds: cl.seeds.count,
        };
      }
    }
    writeFileSync(join(opts.out, "validate.json"), `${JSON.stringify(result, null, 1)}\n`);
    writeFileSync(join(opts.out, "report.html"), renderValidateReport(result, sampleStrip(episodes, openLoop, config.horizons)));
    return result;
  } finally {
    await model.close();
    await judge.close();
  }
}

/** Truth and prediction rows for the kept episodes, at step 0 and each horizon, as a PNG data URL (3x upscaled). */
function sampleStrip(episodes: LabelledEpisode[], openLoop: OpenLoopResult, horizons: number[]): string | undefined {
  if (openLoop.kept.length === 0) return undefined;
  const { width: w, height: h } = episodes[0];
  const cols = [0, ...horizons];
  const rows = openLoop.kept.length * 2;
  const gap = 2;
  const W = cols.length * (w + gap);
  const H = rows * (h + gap);
  const rgba = new Uint8Array(W * H * 4).fill(255);
  const blit = (rgb: Uint8Array | undefined, row: number, col: number) => {
    if (!rgb) return;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const o = ((row * (h + gap) + y) * W + col * (w + gap) + x) * 4;
      rgba.set([rgb[(y * w + x) * 3], rgb[(y * w + x) * 3 + 1], rgb[(y * w + x) * 3 + 2], 255], o);
    }
  };
  openLoop.kept.forEach((k, i) => {
    const ep = episodes.find((e) => e.id === k.id) as LabelledEpisode;
    const size = w * h * 3 * ep.views.length;
    const steps = ep.success.length - 1;
    cols.forEach((t, c) => {
      if (t > steps) return;
      blit(ep.frames.subarray(t * size, t * size + w * h * 3), 2 * i, c);
      blit(t === 0 ? ep.frames.subarray(0, w * h * 3) : k.predicted[t - 1], 2 * i + 1, c);
    });
  });
  const scale = 3;
  const big = new Uint8Array(W * scale * H * scale * 4);
  for (let y = 0; y < H * scale; y++) for (let x = 0; x < W * scale; x++) big.set(rgba.subarray(((Math.floor(y / scale) * W) + Math.floor(x / scale)) * 4, ((Math.floor(y / scale) * W) + Math.floor(x / scale)) * 4 + 4), (y * W * scale + x) * 4);
  return `data:image/png;base64,${encodePng(big, W * scale, H * scale).toString("base64")}`;
}

/** The open-loop evaluator on real robot episodes; a missing folder is reported, not fatal (it lives outside the repository). */
async function realOpenLoop(model: WorldModel, real: NonNullable<ValidateConfig["real"]>): Promise<NonNullable<ValidateResult["real"]>> {
  if (!existsSync(real.dir)) return { dir: real.dir, view: real.view, skipped: `${real.dir} not found` };
  const episodes = loadBridgeEpisodes(real.dir);
  const r = await evaluateOpenLoop(model, episodes, { horizons: real.horizons, viewMap: { [model.manifest.image.views[0]]: real.view } });
  return { dir: real.dir, view: real.view, episodes: r.episodes, horizons: r.horizons };
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

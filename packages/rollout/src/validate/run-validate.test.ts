import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { psnr } from "@gauntlet/world-model/validity";
import { afterAll, describe, expect, it } from "vitest";
import { readDatasetEpisode, readDatasetIndex } from "../dataset";
import { loadBridgeEpisodes } from "./bridge-episodes";
import { runValidate } from "./run-validate";
import { parseValidateConfig } from "./validate-config";

const root = resolve(import.meta.dirname, "../../../..");
const out = mkdtempSync(join(tmpdir(), "gauntlet-validate-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("runValidate (shipped world model and judge, tiny config)", () => {
  it("measures open loop, judge and closed loop and writes the report", async () => {
    const config = parseValidateConfig(
      {
        name: "tiny",
        closedLoop: { scenes: ["scenes/push-block.json"], policies: [{ kind: "onnx", path: "models/bc/bc-d001" }, { kind: "onnx", path: "models/bc/bc-d250" }, "random"], seeds: { start: 0, count: 2 } },
        heldOut: { episodes: 2, seed: 50000, policies: ["oracle", "random"] },
        horizons: [1, 3],
        // The real Bridge episodes beside the repository (../shared, as in CI), read as the model's camera.
        real: { dir: "../shared/data/real/bridge-debug", view: "view0", horizons: [1, 2] },
        bootstrap: 20,
      },
      root,
    );
    const r = await runValidate(config, { worldModel: join(root, "models/world-model"), judge: join(root, "models/judge"), out, quiet: true });

    // Open loop: the copy baseline at h = 1 is exactly the mean PSNR of frame 0 against frame 1 in the held-out files.
    const heldOut = join(out, "held-out");
    const index = readDatasetIndex(heldOut);
    const size = 64 * 64 * 3;
    const copy = index.episodes.map((meta) => {
      const ep = readDatasetEpisode(heldOut, meta);
      return Math.min(60, psnr(ep.frames.subarray(0, size), ep.frames.subarray(size, 2 * size)));
    });
    expect(r.openLoop.horizons.map((h) => h.horizon)).toEqual([1, 3]);
    expect(r.openLoop.horizons[0].count).toBe(2);
    expect(r.openLoop.horizons[0].psnr.copy).toBeCloseTo(copy.reduce((a, b) => a + b, 0) / copy.length, 9);
    expect(r.openLoop.horizons[0].psnr.model).toBeGreaterThan(15);
    // State estimate: its keep-the-first-state baseline at h = 1 is the mean |state 1 - state 0| per dimension.
    const firstSteps = index.episodes.map((meta) => readDatasetEpisode(heldOut, meta).states);
    const dim = firstSteps[0].length / (index.episodes[0].steps + 1);
    const state = r.openLoop.horizons[0].state;
    expect(state?.names).toHaveLength(dim);
    const change = (k: number, a: number, b: number) => (["roll", "pitch", "yaw"].includes(state?.names[k] ?? "") ? Math.PI - Math.abs(Math.PI - (Math.abs(a - b) % (2 * Math.PI))) : Math.abs(a - b));
    const firstStepChange = Array.from({ length: dim }, (_, k) => firstSteps.reduce((a, st) => a + change(k, st[dim + k], st[k]), 0) / firstSteps.length);
    for (let k = 0; k < dim; k++) expect(state?.copy[k]).toBeCloseTo(firstStepChange[k], 6);
    expect(state?.model.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);

    // Real data: every Bridge episode through the same evaluator; its copy baseline is frame 0 against frame 1 of view0.
    const bridge = loadBridgeEpisodes(join(root, "../shared/data/real/bridge-debug"));
    expect(r.real).toMatchObject({ view: "view0", episodes: bridge.length });
    const realHorizons = (r.real && "horizons" in r.real ? r.real.horizons : undefined) ?? [];
    expect(realHorizons.map((h) => [h.horizon, h.count])).toEqual([[1, bridge.length], [2, bridge.length]]);
    const realCopy = bridge.map((ep) => {
      const frame = 3 * ep.width * ep.height;
      const at = (t: number) => ep.frames.subarray((t * ep.views.length + ep.views.indexOf("view0")) * frame, (t * ep.views.length + ep.views.indexOf("view0") + 1) * frame);
      return Math.min(60, psnr(at(0), at(1)));
    });
    expect(realHorizons[0].psnr.copy).toBeCloseTo(realCopy.reduce((a, b) => a + b, 0) / realCopy.length, 9);
    expect(realHorizons[0].psnr.model).toBeGreaterThan(10);

    // Judge: every held-out frame scored, labels from the files.
    const frames = index.episodes.reduce((n, e) => n + e.steps + 1, 0);
    expect(r.judgeAccuracy.frames.positives + r.judgeAccuracy.frames.negatives).toBe(frames);
    expect(r.judgeAccuracy.episodes.count).toBe(2);

    // Replayed actions: every held-out episode replayed once, its recorded outcome from the labels.
    const replay = r.replayedSuccess.all;
    expect(replay.truePositives + replay.falseNegatives + replay.trueNegatives + replay.falsePositives).toBe(2);
    expect(replay.truePositives + replay.falseNegatives).toBe(index.episodes.filter((e) => e.success).length);

    // Closed loop: 3 policies x 2 seeds in each backend, all matched.
    const cl = r.closedLoop;
    expect(cl?.comparison.rows.map((row) => row.policy)).toEqual(["bc-d001", "bc-d250", "random"]);
    expect(cl?.comparison.rows.every((row) => row.reference.episodes === 2 && row.predicted.episodes === 2)).toBe(true);
    expect(cl?.comparison.matchedEpisodes).toBe(6);
    const records = JSON.parse(readFileSync(join(out, "closed-loop-world-model.json"), "utf8")) as { backend: string }[];
    expect(records.map((x) => x.backend)).toEqual(Array(6).fill("world-model"));
    // The world model's half is an ordinary run folder: videos to watch, linked from the report.
    expect(existsSync(join(out, "closed-loop-world-model", "index.html"))).toBe(true);
    expect(readdirSync(join(out, "closed-loop-world-model", "episodes"))).toHaveLength(6);

    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("<h2>Targets</h2>");
    // The tiny run's world model succeeds nowhere, so its Spearman is undefined; its MMRV is a number.
    expect(html).toMatch(/closed-loop Spearman, world model vs simulator<\/td><td>≥ 0\.9<\/td><td>(<b>-?\d\.\d\d<\/b><\/td><td>(met|<b>missed<\/b>)|<b>–<\/b><\/td><td>n\/a )/);
    expect(html).toMatch(/closed-loop MMRV<\/td><td>≤ 0\.05<\/td><td><b>\d\.\d\d<\/b><\/td><td>(met|<b>missed<\/b>)/);
    expect(html).toContain("Spearman");
    expect(html).toContain("bc-d250");
    expect(html).toContain('href="closed-loop-world-model/index.html"');
    expect(html).toContain("Replayed actions: 2 held-out episodes");
    expect(html).toMatch(/data:image\/png;base64,/);
    expect(JSON.parse(readFileSync(join(out, "validate.json"), "utf8")).openLoop.horizons).toHaveLength(2);
  }, 600_000);
});

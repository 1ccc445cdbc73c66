import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EpisodeRecord } from "@gauntlet/core";
import { parseEvaluationConfig } from "@gauntlet/rollout";
import { describe, expect, it } from "vitest";
import { defineAxis } from "../axis";
import { perturbationSeed } from "../perturb-scene";
import { getAxis } from "../registry";
import { writeStressReport } from "../report/write-stress-report";
import { planStress } from "./plan-stress";
import { runStress } from "./run-stress";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const config = parseEvaluationConfig(
  { name: "stress-test", scenes: [join(root, "scenes/pick-cube.json")], policies: ["oracle", "vision"], seeds: { start: 0, count: 1 }, cameras: ["third"] },
  root,
);
const axes = [getAxis("camera-pose"), getAxis("image")];
const strip = (records: EpisodeRecord[]) => records.map(({ wallMs: _, ...r }) => r);

describe("a stress run, end to end in the simulator", () => {
  const out = mkdtempSync(join(tmpdir(), "stress-1w-"));
  let first: Awaited<ReturnType<typeof runStress>>;

  it("runs nominal and perturbed episodes, records each perturbation, and writes the report", async () => {
    first = await runStress(config, { out, axes, levels: [0, 3], workers: 1, quiet: true });
    expect(first.records.map((r) => r.id).sort()).toEqual(
      ["pick-cube", "pick-cube.camera-pose-3", "pick-cube.image-3"].flatMap((s) => [`${s}__oracle__s0`, `${s}__vision__s0`]).sort(),
    );
    const get = (scene: string, policy: string) => first.records.find((r) => r.sceneId === scene && r.policy === policy) as EpisodeRecord;
    expect(get("pick-cube", "oracle").perturbation).toBeUndefined();
    const noisy = get("pick-cube.image-3", "oracle");
    expect(noisy.perturbation).toMatchObject({ axis: "image", level: 3, seed: perturbationSeed(0, "image") });
    expect(noisy.perturbation?.settings.map((s) => s.path)).toEqual([".observation"]);
    // The image axis changes the frames and nothing the privileged oracle acts on.
    expect(noisy.states).toEqual(get("pick-cube", "oracle").states);
    expect(noisy.frames[0].hashes[0]).not.toBe(get("pick-cube", "oracle").frames[0].hashes[0]);
    expect(get("pick-cube.camera-pose-3", "vision").frames[0].hashes[0]).not.toBe(get("pick-cube", "vision").frames[0].hashes[0]);

    const { summary, reportPath } = await writeStressReport(out, "stress-test", first, { scenePath: config.scenePaths[0], seed: 0 });
    expect(summary.curves).toHaveLength(4);
    expect(summary.curves[0].points.map((p) => p.level)).toEqual([0, 3]);
    expect(summary.robustness.find((r) => r.policy === "oracle")?.byAxis.image).toBe(1);
    expect(summary.stability.map((s) => `${s.axis}-${s.level}`)).toEqual(["camera-pose-3", "image-3"]);
    const html = readFileSync(reportPath, "utf8");
    expect(html.match(/<svg /g)?.length).toBe(4); // one plot per axis, one per policy
    expect(html.match(/src="data:image\/png;base64,/g)?.length).toBe(4);
  });

  it("resumes: a second run finds every episode stored and runs none", async () => {
    const file = join(out, "episodes", "pick-cube.image-3__vision__s0", "record.json");
    const before = statSync(file).mtimeMs;
    const again = await runStress(config, { out, axes, levels: [0, 3], workers: 1, quiet: true });
    expect(again.records).toEqual(first.records);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it("gives the same episodes with two worker threads", async () => {
    const two = await runStress(config, { out: mkdtempSync(join(tmpdir(), "stress-2w-")), axes, levels: [0, 3], workers: 2, quiet: true });
    expect(strip(two.records)).toEqual(strip(first.records));
  });
});

describe("planStress", () => {
  it("lists a perturbation that no draw makes valid as rejected, with its reasons, and plans no job for it", () => {
    const impossible = defineAxis<null>({
      name: "too-big",
      description: "test",
      levels: [["nominal", null], ["huge", null]],
      touches: [/.*/],
      perturb: (s) => {
        s.objects[0].size = [0.2, 0.2, 0.04];
      },
    });
    const plan = planStress(config, [impossible], [0, 1], "/tmp/unused");
    expect(plan.jobs.every((j) => !j.perturbation)).toBe(true);
    expect(plan.jobs).toHaveLength(2);
    expect(plan.rejected).toEqual([{ sceneId: "pick-cube", axis: "too-big", level: 1, seed: 0, reasons: [expect.stringMatching(/cube is 0\.200 m wide/)] }]);
  });

  it("refuses levels an axis does not have", () => {
    expect(() => planStress(config, [getAxis("lighting")], [0, 4], "/tmp/unused")).toThrow(/axis lighting has levels 0\.\.3, got 4/);
  });
});

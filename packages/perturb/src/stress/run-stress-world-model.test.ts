import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EpisodeRecord } from "@gauntlet/core";
import { parseEvaluationConfig } from "@gauntlet/rollout";
import { afterAll, describe, expect, it } from "vitest";
import { getAxis } from "../registry";
import { runStress } from "./run-stress";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const config = parseEvaluationConfig(
  {
    name: "stress-wm-test",
    scenes: ["scenes/pick-cube.json"],
    policies: ["random", { kind: "onnx", path: "models/bc/bc-d250" }],
    seeds: { start: 0, count: 1 },
    backend: "world-model",
    worldModel: "models/wm-tiny-diffusion",
    judge: "models/wm-tiny-diffusion/judge",
    batch: 4,
  },
  root,
);
const out = mkdtempSync(join(tmpdir(), "stress-wm-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("a stress run, end to end in the world-model backend", () => {
  it("starts perturbed episodes from the perturbed scene's frames and records each perturbation", async () => {
    const run = await runStress(config, { out, axes: [getAxis("table-texture"), getAxis("object-pose")], levels: [0, 3], workers: 1, quiet: true });
    expect(run.records).toHaveLength(6);
    expect(run.records.every((r) => r.backend === "world-model" && r.status !== "errored" && r.steps > 0)).toBe(true);
    const get = (scene: string, policy: string) => run.records.find((r) => r.sceneId === scene && r.policy === policy) as EpisodeRecord;
    const nominal = get("pick-cube", "random");
    expect(nominal.perturbation).toBeUndefined();
    for (const axis of ["table-texture", "object-pose"]) {
      const perturbed = get(`pick-cube.${axis}-3`, "random");
      expect(perturbed.perturbation).toMatchObject({ axis, level: 3 });
      expect(perturbed.frames[0].hashes[0], axis).not.toBe(nominal.frames[0].hashes[0]);
    }
    const again = await runStress(config, { out, axes: [getAxis("table-texture"), getAxis("object-pose")], levels: [0, 3], workers: 1, quiet: true });
    expect(again.records).toEqual(run.records);
  });
});

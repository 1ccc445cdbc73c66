import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { EvaluationConfig, PolicySpec } from "../evaluation-config";
import { closedLoopSimStamp, heldOutStamp } from "./input-stamps";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "input-stamps-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("validate cache stamps", () => {
  const scene = join(dir, "pick-cube.json");
  copyFileSync(join(root, "scenes/pick-cube.json"), scene);
  const policies: PolicySpec[] = [{ kind: "random" }, { kind: "vision", noise: 0, delay: 0, gain: 1 }];
  const request = { seed: 0, size: 32, perScene: 2, scenes: ["pick-cube"] };
  const closedLoop = { name: "v", scenePaths: [scene], policies, seeds: { start: 0, count: 2 }, backend: "sim" } as EvaluationConfig;

  it("change when a scene file's contents change at the same path", () => {
    const held = heldOutStamp([scene], policies, request);
    const sim = closedLoopSimStamp(closedLoop, "judge-sha");
    expect(heldOutStamp([scene], policies, request)).toBe(held);
    expect(closedLoopSimStamp(closedLoop, "judge-sha")).toBe(sim);
    const json = JSON.parse(readFileSync(scene, "utf8"));
    json.task.maxSteps += 1;
    writeFileSync(scene, JSON.stringify(json));
    expect(heldOutStamp([scene], policies, request)).not.toBe(held);
    expect(closedLoopSimStamp(closedLoop, "judge-sha")).not.toBe(sim);
  });

  it("change when a policy spec changes but their count does not", () => {
    const other: PolicySpec[] = [{ kind: "random" }, { kind: "vision", noise: 0.2, delay: 0, gain: 1 }];
    expect(heldOutStamp([scene], other, request)).not.toBe(heldOutStamp([scene], policies, request));
    expect(closedLoopSimStamp({ ...closedLoop, policies: other }, "judge-sha")).not.toBe(closedLoopSimStamp(closedLoop, "judge-sha"));
  });

  it("change with the judge", () => {
    expect(closedLoopSimStamp(closedLoop, "a")).not.toBe(closedLoopSimStamp(closedLoop, "b"));
  });
});

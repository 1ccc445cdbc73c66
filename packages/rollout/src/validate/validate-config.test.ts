import { describe, expect, it } from "vitest";
import { parseValidateConfig } from "./validate-config";

const base = {
  name: "v",
  closedLoop: { scenes: ["scenes/pick-cube.json"], policies: ["random", "vision", { kind: "onnx", path: "models/bc/bc-d001" }], seeds: { count: 2 } },
  heldOut: { episodes: 2, seed: 50000 },
};

describe("parseValidateConfig", () => {
  it("fills defaults and resolves model paths against the config folder", () => {
    const c = parseValidateConfig(base, "/repo/evaluations");
    expect(c.horizons).toEqual([1, 5, 10, 20]);
    expect(c.bootstrap).toBe(1000);
    expect(c.closedLoop.scenePaths).toEqual(["/repo/evaluations/scenes/pick-cube.json"]);
    expect(c.closedLoop.policies[2]).toMatchObject({ kind: "onnx", path: "/repo/evaluations/models/bc/bc-d001" });
  });

  it("names the field in errors", () => {
    expect(() => parseValidateConfig({ ...base, heldOut: { episodes: 0, seed: 1 } }, "/")).toThrow(/validate\.heldOut\.episodes: expected a positive integer/);
    expect(() => parseValidateConfig({ ...base, closedLoop: { ...base.closedLoop, policies: ["random"] } }, "/")).toThrow(/validate\.closedLoop\.policies: expected at least 3 policies/);
  });

  it("refuses the oracle in closed loop: it needs the simulator's true state", () => {
    const closedLoop = { ...base.closedLoop, policies: ["random", "vision", "oracle"] };
    expect(() => parseValidateConfig({ ...base, closedLoop }, "/")).toThrow(/the oracle reads the simulator's true state/);
  });
});

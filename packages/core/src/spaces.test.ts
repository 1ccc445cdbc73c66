import { describe, expect, it } from "vitest";
import { EE_DELTA_ACTION_SPEC, validateAction } from "./spaces";

describe("validateAction", () => {
  it("clips out-of-range components to the spec's limits", () => {
    const a = validateAction([1, -1, 0.01, 0, 0, 9, 2], EE_DELTA_ACTION_SPEC);
    expect(Array.from(a, (v) => Number(v.toFixed(6)))).toEqual([0.05, -0.05, 0.01, 0, 0, 0.25, 1]);
  });

  it("names the component of a non-finite value", () => {
    expect(() => validateAction([0, 0, Number.NaN, 0, 0, 0, 1], EE_DELTA_ACTION_SPEC)).toThrow("action[2] (dz): expected a finite number, got NaN");
    expect(() => validateAction([0, 0, 0, Number.POSITIVE_INFINITY, 0, 0, 1], EE_DELTA_ACTION_SPEC)).toThrow(/action\[3\] \(droll\)/);
  });

  it("rejects a wrong length, listing the layout", () => {
    expect(() => validateAction([0, 0, 0], EE_DELTA_ACTION_SPEC)).toThrow("action: expected 7 numbers [dx, dy, dz, droll, dpitch, dyaw, gripper], got 3");
  });
});

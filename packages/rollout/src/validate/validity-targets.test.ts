import { describe, expect, it } from "vitest";
import type { ValidateResult } from "./validate-report";
import { checkValidityTargets } from "./validity-targets";

/** Just the figures the targets read. */
function result(opts: { spearman?: number; mmrv?: number; psnr10?: [number, number]; judge: number }): ValidateResult {
  const estimate = (value: number) => ({ value, low: value, high: value });
  return {
    openLoop: { horizons: opts.psnr10 ? [{ horizon: 10, psnr: { model: opts.psnr10[0], copy: opts.psnr10[1] } }] : [] },
    judgeAccuracy: { frames: { balancedAccuracy: opts.judge } },
    closedLoop: opts.spearman === undefined ? undefined : { comparison: { agreement: { spearman: estimate(opts.spearman), mmrv: estimate(opts.mmrv ?? 1) } } },
  } as unknown as ValidateResult;
}

describe("checkValidityTargets", () => {
  it("says which targets the figures meet, at their bounds", () => {
    const checks = checkValidityTargets(result({ spearman: 0.9, mmrv: 0.06, psnr10: [20.5, 18], judge: 0.899 }));
    expect(checks.map((c) => [c.target, c.value, c.met])).toEqual([
      ["≥ 0.9", 0.9, true],
      ["≤ 0.05", 0.06, false],
      ["≥ 3", 2.5, false],
      ["≥ 0.9", 0.899, false],
    ]);
  });

  it("counts a figure the run did not measure as not met", () => {
    const checks = checkValidityTargets(result({ judge: 0.95 }));
    expect(checks.map((c) => c.met)).toEqual([false, false, false, true]);
    expect(checks.slice(0, 3).every((c) => Number.isNaN(c.value))).toBe(true);
  });
});

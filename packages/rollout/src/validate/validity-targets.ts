/**
 * The validity targets a reference world model is held to, checked against a `gauntlet validate`
 * result, so the report and the CLI say plainly which are met. Frames/s is a speed target and
 * lives in `gauntlet bench`, not here.
 */
import type { ValidateResult } from "./validate-report";

export interface TargetCheck {
  figure: string;
  target: string;
  /** The measured value; NaN when the run did not measure it (e.g. no closed loop). */
  value: number;
  met: boolean;
}

/** Each target with its measured value: closed-loop Spearman and MMRV, PSNR at 10 steps over copy-last-frame, judge balanced accuracy. */
export function checkValidityTargets(r: ValidateResult): TargetCheck[] {
  const agreement = r.closedLoop?.comparison.agreement;
  const at10 = r.openLoop.horizons.find((h) => h.horizon === 10);
  const check = (figure: string, target: string, value: number, met: (v: number) => boolean): TargetCheck => ({ figure, target, value, met: Number.isFinite(value) && met(value) });
  return [
    check("closed-loop Spearman, world model vs simulator", "≥ 0.9", agreement?.spearman.value ?? Number.NaN, (v) => v >= 0.9),
    check("closed-loop MMRV", "≤ 0.05", agreement?.mmrv.value ?? Number.NaN, (v) => v <= 0.05),
    check("PSNR at 10 steps minus copy-last-frame (dB)", "≥ 3", at10 ? at10.psnr.model - at10.psnr.copy : Number.NaN, (v) => v >= 3),
    check("judge balanced accuracy (held-out frames)", "≥ 0.9", r.judgeAccuracy.frames.balancedAccuracy, (v) => v >= 0.9),
  ];
}

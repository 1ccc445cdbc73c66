/**
 * `gauntlet validate`: does the world model rank policies the way the simulator does? Open-loop
 * PSNR/SSIM against copy-last-frame on held-out simulator episodes, the judge's accuracy and
 * calibration, and closed-loop success rates of the same policies and seeds in both backends with
 * Pearson, Spearman and MMRV (bootstrap intervals). Writes validate.json and report.html.
 *
 *   gauntlet validate                                   # models/world-model, models/judge, evaluations/validate.json
 *   gauntlet validate --config evaluations/validate.json --out runs/validate
 *   gauntlet validate --world-model models/world-model --judge models/judge --open-loop-only
 *   gauntlet validate --sim-only        # only the simulator half of the closed loop, kept in --out for the next run
 *   gauntlet validate --workers 2       # the world model's closed loop (an evaluation run in --out/closed-loop-world-model) on 2 workers
 */
import { parseArgs } from "node:util";
import { checkValidityTargets, loadValidateConfig, runValidate } from "@gauntlet/rollout/validate";
import { positiveInt } from "./rollout";

/** `gauntlet validate [--world-model DIR] [--judge DIR] [--config FILE] [--out DIR] [--workers N] [--open-loop-only | --sim-only]` */
export async function validate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      "world-model": { type: "string", default: "models/world-model" },
      judge: { type: "string", default: "models/judge" },
      config: { type: "string", default: "evaluations/validate.json" },
      out: { type: "string", default: "runs/validate" },
      "open-loop-only": { type: "boolean", default: false },
      "sim-only": { type: "boolean", default: false },
      workers: { type: "string", default: "1" },
    },
  });
  const config = loadValidateConfig(values.config);
  const r = await runValidate(config, { worldModel: values["world-model"], judge: values.judge, out: values.out, skipClosedLoop: values["open-loop-only"], simOnly: values["sim-only"], workers: positiveInt(values.workers, "--workers") });
  const f2 = (v: number) => v.toFixed(2);
  console.log(`\nopen loop (${r.openLoop.episodes} held-out episodes): horizon  PSNR model / copy (dB)  SSIM model / copy`);
  for (const h of r.openLoop.horizons) console.log(`  h=${String(h.horizon).padEnd(3)} n=${String(h.count).padEnd(4)} ${f2(h.psnr.model)} / ${f2(h.psnr.copy)}   ${h.ssim.model.toFixed(3)} / ${h.ssim.copy.toFixed(3)}`);
  for (const h of r.openLoop.horizons.filter((x) => x.state)) {
    const s = h.state as NonNullable<(typeof h)["state"]>;
    console.log(`  h=${String(h.horizon).padEnd(3)} state error model / first state: ${s.names.map((n, k) => `${n} ${s.model[k].toFixed(3)} / ${s.copy[k].toFixed(3)}`).join(", ")}`);
  }
  const j = r.judgeAccuracy;
  console.log(`judge: frame balanced accuracy ${(100 * j.frames.balancedAccuracy).toFixed(1)}%, ECE ${j.frames.ece.toFixed(3)}; episode balanced accuracy ${(100 * j.episodes.balancedAccuracy).toFixed(1)}%`);
  const replay = r.replayedSuccess;
  console.log(`replayed actions (${replay.episodes} held-out episodes): ${replay.all.truePositives}/${replay.all.truePositives + replay.all.falseNegatives} recorded successes and ${replay.all.falsePositives}/${replay.all.falsePositives + replay.all.trueNegatives} recorded failures judged successful in the world model; balanced accuracy ${f2(replay.all.balancedAccuracy)}`);
  if (r.closedLoop) {
    const a = r.closedLoop.comparison.agreement;
    const m = (e: { value: number; low: number; high: number }) => `${f2(e.value)} [${f2(e.low)}, ${f2(e.high)}]`;
    console.log("closed loop: policy  simulator  world model");
    for (const row of r.closedLoop.comparison.rows) console.log(`  ${row.policy.padEnd(26)} ${(100 * row.reference.rate).toFixed(0).padStart(3)}%  ${(100 * row.predicted.rate).toFixed(0).padStart(3)}%`);
    console.log(`  Pearson ${m(a.pearson)}  Spearman ${m(a.spearman)}  MMRV ${m(a.mmrv)}`);
  }
  console.log("targets:");
  for (const t of checkValidityTargets(r)) console.log(`  ${t.figure}: ${Number.isFinite(t.value) ? f2(t.value) : "n/a (not measured, or undefined)"} (target ${t.target}) ${t.met ? "met" : "MISSED"}`);
  console.log(`\nreport: ${values.out}/report.html`);
}

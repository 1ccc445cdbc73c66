/**
 * The self-contained HTML report of `gauntlet validate`: closed-loop success rates in both backends
 * with a scatter plot and the agreement metrics, the open-loop table against copy-last-frame,
 * sample predicted frames, and the judge's accuracy and calibration.
 */
import type { MetricEstimate } from "@gauntlet/ranking";
import type { HorizonScores, JudgeAccuracy, ReplayedSuccess } from "@gauntlet/world-model/validity";
import { escapeHtml } from "../report/escape-html";
import { htmlPage } from "../report/html-page";
import type { BackendComparison } from "./compare-backends";
import { backendScatterSvg } from "./scatter-plot";
import { checkValidityTargets } from "./validity-targets";

/** What this page adds to the shared report look. */
const VALIDATE_CSS = `.row{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
img.samples{image-rendering:pixelated;max-width:100%}`;

/** Everything `gauntlet validate` measured; written as validate.json next to the report. */
export interface ValidateResult {
  name: string;
  worldModel: { dir: string; name: string; sha256: string };
  judge: { dir: string; name: string; sha256: string };
  heldOut: { episodes: number; seed: number; frames: number };
  openLoop: { horizons: HorizonScores[]; episodes: number; psnrCapDb: number };
  judgeAccuracy: JudgeAccuracy;
  /** The held-out episodes' recorded actions replayed in the world model: does the judge see success where the simulator did? */
  replayedSuccess: ReplayedSuccess;
  /** Open loop on real robot episodes (the model was not trained on them: this shows the tooling carries real data). */
  real?: { dir: string; view: string; episodes?: number; horizons?: HorizonScores[]; skipped?: string };
  closedLoop?: {
    comparison: BackendComparison;
    /** The simulator's episodes scored by the judge instead of the predicate, against the predicate. */
    judgeOnSim: BackendComparison;
    policies: number;
    scenes: number;
    seeds: number;
  };
  seconds: Record<string, number>;
}

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "–");
const metric = (m: MetricEstimate) => `${f2(m.value)} <span class="ci">[${f2(m.low)}, ${f2(m.high)}]</span>`;

/** Renders the report; `samples` is a PNG data URL of truth/prediction strips (optional). */
export function renderValidateReport(r: ValidateResult, samples?: string): string {
  const openLoop = r.openLoop.horizons
    .map((h) => `<tr><td>${h.horizon}</td><td>${h.count}</td><td><b>${f2(h.psnr.model)}</b></td><td>${f2(h.psnr.copy)}</td><td>${f2(h.psnr.model - h.psnr.copy)}</td><td><b>${h.ssim.model.toFixed(3)}</b></td><td>${h.ssim.copy.toFixed(3)}</td></tr>`)
    .join("");
  const j = r.judgeAccuracy;
  const reliability = j.frames.reliability
    .map((b) => `<tr><td>${b.low.toFixed(1)}–${b.high.toFixed(1)}</td><td>${b.count}</td><td>${b.meanPredicted.toFixed(3)}</td><td>${b.fractionPositive.toFixed(3)}</td></tr>`)
    .join("");
  const disagreements = j.disagreements
    .slice(0, 30)
    .map((d) => `<li><code>${escapeHtml(d.id)}</code>: predicate ${d.truth ? `success at step ${d.firstTrue}` : "failure"}, judge ${d.judged ? `success at step ${d.firstJudged}` : "failure"}</li>`)
    .join("");
  return htmlPage(`Gauntlet validity: ${r.name}`, VALIDATE_CSS, `<h1>Does the world model rank policies like the simulator? (${escapeHtml(r.name)})</h1>
<p>World model <code>${escapeHtml(r.worldModel.name)}</code> (${escapeHtml(r.worldModel.dir)}, sha256 ${r.worldModel.sha256.slice(0, 12)}), judge <code>${escapeHtml(r.judge.name)}</code> (sha256 ${r.judge.sha256.slice(0, 12)}).</p>
${targetsSection(r)}
${closedLoopSection(r)}
<h2>Open loop: ${r.openLoop.episodes} held-out simulator episodes</h2>
<p>The model starts from each episode's first frame and state and is fed the recorded actions; its frame at step h is compared with the simulator's. The baseline copies the first frame. Means over episodes long enough to reach h; per-frame PSNR capped at ${r.openLoop.psnrCapDb} dB. Held-out seeds start at ${r.heldOut.seed} (training data used other seeds).</p>
<table><thead><tr><th>h</th><th>episodes</th><th>PSNR model (dB)</th><th>PSNR copy</th><th>Δ dB</th><th>SSIM model</th><th>SSIM copy</th></tr></thead><tbody>${openLoop}</tbody></table>
${stateSection(r.openLoop.horizons)}
${samples ? `<p>Rows per episode: simulator, world model. Columns: step 0 (the shared first frame) then the horizons.</p><img class="samples" alt="true and predicted frames" src="${samples}">` : ""}
${realSection(r)}
${replayedSection(r.replayedSuccess)}
<h2>Judge: ${j.frames.positives + j.frames.negatives} held-out simulator frames, ${j.episodes.count} episodes</h2>
<p>Frame level (true label: the task's success predicate). Balanced accuracy <b>${pct(j.frames.balancedAccuracy)}</b> (true-positive rate ${pct(j.frames.truePositiveRate)} on ${j.frames.positives} success frames, true-negative rate ${pct(j.frames.trueNegativeRate)} on ${j.frames.negatives}); ECE <b>${j.frames.ece.toFixed(3)}</b>.</p>
<p>Episode level (the judge calls success when any frame crosses the threshold, as a world-model episode would end): balanced accuracy <b>${pct(j.episodes.balancedAccuracy)}</b>; ${j.episodes.truePositives} true successes found, ${j.episodes.falseNegatives} missed, ${j.episodes.trueNegatives} failures confirmed, ${j.episodes.falsePositives} false successes.</p>
<div class="row"><table><thead><tr><th>predicted</th><th>frames</th><th>mean predicted</th><th>fraction successful</th></tr></thead><tbody>${reliability}</tbody></table>
${disagreements ? `<div><b>Episodes where judge and predicate disagree</b><ul>${disagreements}</ul></div>` : ""}</div>
<p class="ci">Timings (s): ${Object.entries(r.seconds).map(([k, v]) => `${escapeHtml(k)} ${v.toFixed(0)}`).join(", ")}.</p>`);
}

/** The state estimate's error per dimension and horizon, model / keep-the-first-state, when the episodes carry the model's state. */
function stateSection(horizons: HorizonScores[]): string {
  const rows = horizons.filter((h) => h.state);
  if (rows.length === 0) return "";
  const names = (rows[0].state as NonNullable<HorizonScores["state"]>).names;
  const body = rows
    .map((h) => {
      const s = h.state as NonNullable<HorizonScores["state"]>;
      return `<tr><td>${h.horizon}</td>${s.model.map((v, k) => `<td><b>${v.toFixed(4)}</b> / ${s.copy[k].toFixed(4)}</td>`).join("")}</tr>`;
    })
    .join("");
  return `<p>State estimate, mean absolute error per dimension (model / keep the first state; positions in metres, angles in radians, gripper opening 0–1). Policies act on this estimate as well as on the frames.</p>
<table><thead><tr><th>h</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table>`;
}

function replayedSection(r: ValidateResult["replayedSuccess"]): string {
  const row = (c: ReplayedSuccess["all"]) =>
    `<tr><td>${escapeHtml(c.task)}</td><td>${c.truePositives} / ${c.truePositives + c.falseNegatives}</td><td>${c.falsePositives} / ${c.falsePositives + c.trueNegatives}</td><td>${f2(c.balancedAccuracy)}</td></tr>`;
  return `<h2>Replayed actions: ${r.episodes} held-out episodes</h2>
<p>Each episode's recorded actions drive the world model from its first frame; the judge scores the predicted frames. A model whose dynamics are right succeeds exactly where the simulator did.</p>
<table><thead><tr><th>task</th><th>recorded successes the replay shows</th><th>recorded failures the replay shows as success</th><th>balanced accuracy</th></tr></thead><tbody>${[...r.byTask, r.all].map(row).join("")}</tbody></table>`;
}

function targetsSection(r: ValidateResult): string {
  const rows = checkValidityTargets(r)
    .map((t) => `<tr><td>${escapeHtml(t.figure)}</td><td>${escapeHtml(t.target)}</td><td><b>${f2(t.value)}</b></td><td>${Number.isFinite(t.value) ? (t.met ? "met" : "<b>missed</b>") : "n/a (not measured, or undefined: e.g. Spearman of constant rates)"}</td></tr>`)
    .join("");
  return `<h2>Targets</h2><table><thead><tr><th>figure</th><th>target</th><th>measured</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function closedLoopSection(r: ValidateResult): string {
  const c = r.closedLoop;
  if (!c) return "<h2>Closed loop</h2><p>Not run.</p>";
  const a = c.comparison.agreement;
  const rows = c.comparison.rows
    .map((row) => {
      const judged = c.judgeOnSim.rows.find((x) => x.policy === row.policy);
      return `<tr><td>${escapeHtml(row.policy)}</td><td>${pct(row.reference.rate)} <span class="ci">${pct(row.reference.low)}–${pct(row.reference.high)}</span></td><td>${judged ? pct(judged.predicted.rate) : "–"}</td><td>${pct(row.predicted.rate)} <span class="ci">${pct(row.predicted.low)}–${pct(row.predicted.high)}</span></td><td>${row.reference.episodes}</td></tr>`;
    })
    .join("");
  const j = c.judgeOnSim.agreement;
  return `<h2>Closed loop: ${c.policies} policies × ${c.scenes} scenes × ${c.seeds} seeds, in both backends</h2>
<div class="row">${backendScatterSvg(c.comparison.rows, { x: "simulator", y: "world model" })}
<div><table><thead><tr><th>metric (world model vs simulator)</th><th>value [95% bootstrap over policies]</th></tr></thead><tbody>
<tr><td>Pearson</td><td>${metric(a.pearson)}</td></tr><tr><td>Spearman</td><td>${metric(a.spearman)}</td></tr>
<tr><td>Kendall τ-b</td><td>${metric(a.kendallTauB)}</td></tr><tr><td>MMRV</td><td>${metric(a.mmrv)}</td></tr></tbody></table>
<p class="ci">Judge alone (simulator frames scored by the judge vs the predicate): Pearson ${f2(j.pearson.value)}, Spearman ${f2(j.spearman.value)}, MMRV ${f2(j.mmrv.value)}. ${c.comparison.matchedEpisodes} episode pairs${c.comparison.unmatched ? `, ${c.comparison.unmatched} unmatched left out` : ""}.</p></div></div>
<table><thead><tr><th>policy</th><th>simulator (predicate)</th><th>simulator (judge)</th><th>world model (judge)</th><th>n</th></tr></thead><tbody>${rows}</tbody></table>
<p>Watch the world model's episodes: <a href="closed-loop-world-model/index.html">closed-loop-world-model/</a> (every episode's predicted video and record).</p>`;
}

function realSection(r: ValidateResult): string {
  const real = r.real;
  if (!real) return "";
  if (!real.horizons) return `<h2>Open loop on real robot episodes</h2><p>Skipped: ${escapeHtml(real.skipped ?? "")}.</p>`;
  const rows = real.horizons.map((h) => `<tr><td>${h.horizon}</td><td>${h.count}</td><td>${f2(h.psnr.model)}</td><td>${f2(h.psnr.copy)}</td><td>${h.ssim.model.toFixed(3)}</td><td>${h.ssim.copy.toFixed(3)}</td></tr>`).join("");
  return `<h2>Open loop on ${real.episodes} real robot episodes (Bridge, view ${escapeHtml(real.view)})</h2>
<p>The same evaluator on real frames and actions. The reference model never saw real data (it is trained on simulator frames), so this shows that the contract and the tooling carry real robot episodes, not that the model predicts them.</p>
<table><thead><tr><th>h</th><th>episodes</th><th>PSNR model</th><th>PSNR copy</th><th>SSIM model</th><th>SSIM copy</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The self-contained HTML report of a stress run: robustness scores, ranking stability, success
 * against severity per axis (one line per policy, Wilson intervals) and a gallery with one image
 * per axis and level, all inline so the single file can be mailed or archived.
 */
import { escapeHtml, htmlPage } from "@gauntlet/rollout";
import type { GalleryCell } from "./gallery";
import { linePlotSvg, PALETTE } from "./line-plot";
import type { StressSummary } from "./stress-summary";

/** What the stress report adds to the shared report look (wider, denser tables, plots and a gallery). */
const STRESS_CSS = `body{max-width:1200px}
td,th{padding:.3rem .5rem}
.plots{display:flex;flex-wrap:wrap;gap:.6rem}figure{margin:0}figcaption{font-size:11px;color:#555;max-width:330px}
.key{margin-right:1rem;font-size:12px;white-space:nowrap}.key i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.gallery td{vertical-align:top;text-align:center}.gallery img{width:144px;height:144px;image-rendering:pixelated;display:block}
.cap{font-size:10px;color:#555;max-width:144px}.rejected{width:144px;height:144px;background:#f3e3e3;color:#a50e0e;display:flex;align-items:center;justify-content:center}
.tau{text-align:center;font-variant-numeric:tabular-nums}.note{color:#555;font-size:12px}`;

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(0)}%` : "–");
const num = (v: number | null, digits = 2) => (v === null ? "–" : v.toFixed(digits));

/** Renders the report; `gallery` comes from renderGallery. */
export function renderStressReport(summary: StressSummary, gallery: { camera: string; sceneId: string; cells: GalleryCell[] }): string {
  const colour = (policy: string) => PALETTE[summary.policies.indexOf(policy) % PALETTE.length];
  const legend = summary.policies.map((p) => `<span class="key"><i style="background:${colour(p)}"></i>${escapeHtml(p)}</span>`).join("");
  const plots = summary.axes
    .map((axis) => {
      const series = summary.curves
        .filter((c) => c.axis === axis.name)
        .map((c) => ({ label: c.policy, color: colour(c.policy), points: c.points.map((p) => ({ x: p.level, y: p.rate, low: p.low, high: p.high })) }));
      return `<figure>${linePlotSvg(series, { title: axis.name, xs: summary.levels })}<figcaption>${escapeHtml(axis.description)}</figcaption></figure>`;
    })
    .join("");
  const axisColour = (axis: string) => PALETTE[summary.axes.findIndex((a) => a.name === axis) % PALETTE.length];
  const axisLegend = summary.axes.map((a) => `<span class="key"><i style="background:${axisColour(a.name)}"></i>${escapeHtml(a.name)}</span>`).join("");
  const policyPlots = summary.policies
    .map((policy) => {
      const series = summary.curves
        .filter((c) => c.policy === policy)
        .map((c) => ({ label: c.axis, color: axisColour(c.axis), points: c.points.map((p) => ({ x: p.level, y: p.rate, low: p.low, high: p.high })) }));
      return `<figure>${linePlotSvg(series, { title: policy, xs: summary.levels })}</figure>`;
    })
    .join("");
  const robustness = summary.robustness
    .map((r) => {
      const cells = summary.axes.map((a) => scoreCell(r.byAxis[a.name])).join("");
      return `<tr><td>${escapeHtml(r.policy)}</td><td>${pct(r.nominal)}</td>${scoreCell(r.score, true)}${cells}</tr>`;
    })
    .join("");
  const perturbedLevels = summary.levels.filter((l) => l > 0);
  const stability = summary.axes
    .map((a) => {
      const cells = perturbedLevels.map((level) => {
        const s = summary.stability.find((x) => x.axis === a.name && x.level === level);
        const tau = s?.tau ?? null;
        return `<td class="tau" style="${tauStyle(tau)}" title="${escapeHtml(s?.ranking.join(" > ") ?? "")}">${num(tau)}</td>`;
      });
      return `<tr><td>${escapeHtml(a.name)}</td>${cells.join("")}</tr>`;
    })
    .join("");
  const galleryRows = summary.axes
    .map((a) => {
      const cells = summary.levels.map((level) => {
        const cell = gallery.cells.find((c) => c.axis === a.name && c.level === level);
        const label = escapeHtml(a.levels[level] ?? `level ${level}`);
        if (!cell?.png) return `<td><div class="rejected" title="${escapeHtml(cell?.rejected ?? "")}">rejected</div><div class="cap">${label}</div></td>`;
        return `<td><img src="${cell.png}" alt="${escapeHtml(a.name)} level ${level}"><div class="cap">${label}</div></td>`;
      });
      return `<tr><th>${escapeHtml(a.name)}</th>${cells.join("")}</tr>`;
    })
    .join("");
  const rejected = summary.rejected.length
    ? `<h2>Rejected perturbations (${summary.rejected.length}, not run)</h2><ul>${summary.rejected.map((r) => `<li><code>${escapeHtml(r.sceneId)}</code> ${escapeHtml(r.axis)} level ${r.level}, seed ${r.seed}: ${escapeHtml(r.reasons.join("; "))}</li>`).join("")}</ul>`
    : "";
  const errored = summary.errored.length
    ? `<h2>Errored episodes (${summary.errored.length}, excluded from the rates)</h2><ul>${summary.errored.map((e) => `<li><code>${escapeHtml(e.id)}</code>: ${escapeHtml(e.error)}</li>`).join("")}</ul>`
    : "";
  return htmlPage(`Gauntlet stress report: ${summary.name}`, STRESS_CSS, `<h1>Stress test: ${escapeHtml(summary.name)}</h1>
<p>${summary.episodes.completed} completed episodes${summary.episodes.errored ? `, ${summary.episodes.errored} errored (excluded)` : ""} over ${summary.axes.length} perturbation axes at levels ${summary.levels.join(", ")}; ${summary.rejected.length} perturbation draws rejected as invalid. Level 0 is the nominal scene, shared by every axis. Each episode seed draws its own perturbation, the same for every policy, so policies are compared on identical scenes. Intervals are Wilson 95%.</p>
<h2>Robustness</h2>
<p class="note">Score: the area under a policy's success-against-severity curve divided by that of a flat curve at its nominal rate (1 = unaffected by the axis, 0 = fails under any perturbation), averaged over axes. Undefined (–) where the nominal rate is 0.</p>
<table><thead><tr><th>policy</th><th>nominal</th><th>robustness</th>${summary.axes.map((a) => `<th>${escapeHtml(a.name)}</th>`).join("")}</tr></thead><tbody>${robustness}</tbody></table>
<h2>Success against severity</h2>
<h3>By axis</h3>
<div>${legend}</div>
<div class="plots">${plots}</div>
<h3>By policy</h3>
<div>${axisLegend}</div>
<div class="plots">${policyPlots}</div>
<h2>Ranking stability</h2>
<p class="note">Kendall τ-b between the policies' nominal success rates and their rates under each perturbation (1 = the same order, 0 = unrelated, −1 = reversed); hover a cell for the perturbed order.</p>
<table><thead><tr><th>axis</th>${perturbedLevels.map((l) => `<th>level ${l}</th>`).join("")}</tr></thead><tbody>${stability}</tbody></table>
<h2>Gallery</h2>
<p class="note">Scene <code>${escapeHtml(gallery.sceneId)}</code>, camera ${escapeHtml(gallery.camera)}, first frame of the first seed's episode.</p>
<table class="gallery"><thead><tr><th></th>${summary.levels.map((l) => `<th>level ${l}</th>`).join("")}</tr></thead><tbody>${galleryRows}</tbody></table>
${rejected}
${errored}`);
}

function scoreCell(v: number | null, bold = false): string {
  if (v === null) return "<td>–</td>";
  const t = Math.max(0, Math.min(1, v));
  const style = `background:rgb(${Math.round(255 - 90 * t)},${Math.round(200 + 40 * t)},${Math.round(190 - 40 * t)})`;
  return `<td style="${style}">${bold ? `<b>${v.toFixed(2)}</b>` : v.toFixed(2)}</td>`;
}

function tauStyle(tau: number | null): string {
  if (tau === null) return "";
  const t = (tau + 1) / 2;
  return `background:rgb(${Math.round(245 - 60 * t)},${Math.round(190 + 50 * t)},${Math.round(190 - 20 * t)})`;
}

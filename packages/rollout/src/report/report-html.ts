/**
 * The self-contained HTML report of an evaluation: leaderboard with intervals, a bar chart with
 * error bars, per-policy × per-scene rates, and sample videos (a success and a failure per
 * policy and scene) embedded as data URLs, so the single file can be mailed or archived.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { EpisodeRecord } from "@gauntlet/core";
import { barChartSvg } from "./bar-chart";
import type { Summary } from "./summarize";
import { escapeHtml } from "./escape-html";
import { htmlPage } from "./html-page";

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;

/** What this page adds to the shared report look. */
const REPORT_CSS = `.samples{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.8rem}
figure{margin:0}figcaption{font-size:12px;color:#444}video{width:160px;height:160px;image-rendering:pixelated;background:#000}
.success{color:#137333}.failure{color:#a50e0e}`;

/** Renders the report for a run folder's records and summary. */
export async function renderReport(runDir: string, summary: Summary, records: EpisodeRecord[]): Promise<string> {
  const scenes = [...new Set(summary.byScene.map((r) => r.scene as string))].sort();
  const leaderboard = summary.leaderboard
    .map((r) => {
      const bt = r.theta === undefined ? "" : `${r.theta.toFixed(2)} <span class="ci">[${r.thetaLow?.toFixed(2)}, ${r.thetaHigh?.toFixed(2)}]</span>`;
      return `<tr><td>${r.rank}</td><td>${escapeHtml(r.policy)}</td><td>${pct(r.rate)}</td><td class="ci">${pct(r.low)}–${pct(r.high)}</td><td>${r.successes}/${r.episodes}</td><td>${bt}</td></tr>`;
    })
    .join("");
  const grid = summary.leaderboard
    .map((p) => {
      const cells = scenes.map((s) => {
        const row = summary.byScene.find((r) => r.policy === p.policy && r.scene === s);
        if (!row) return "<td>–</td>";
        const shade = Math.round(255 - 120 * row.rate);
        return `<td style="background:rgb(${shade},${255 - Math.round(60 * row.rate)},${shade})">${pct(row.rate)} <span class="ci">${pct(row.low)}–${pct(row.high)}</span></td>`;
      });
      return `<tr><td>${escapeHtml(p.policy)}</td>${cells.join("")}</tr>`;
    })
    .join("");
  const samples = await sampleVideos(runDir, records, summary.leaderboard.map((r) => r.policy), scenes);
  const errored = summary.errored.length
    ? `<h2>Errored episodes (${summary.errored.length}, excluded from the rates)</h2><ul>${summary.errored.map((e) => `<li><code>${escapeHtml(e.id)}</code>: ${escapeHtml(e.error)}</li>`).join("")}</ul>`
    : "";
  const chart = barChartSvg(summary.leaderboard.map((r) => ({ label: r.policy, value: r.rate, low: r.low, high: r.high })));
  return htmlPage(`Gauntlet report: ${summary.name}`, REPORT_CSS, `<h1>${escapeHtml(summary.name)}</h1>
<p>${summary.episodes.completed} completed episodes${summary.episodes.errored ? `, ${summary.episodes.errored} errored (excluded)` : ""}. Intervals are 95%: Wilson for success rates, bootstrap for Bradley-Terry strengths (θ, from episodes sharing a scene and seed; ties when both succeed or both fail). Rank honours the intervals: 1 + the number of policies whose interval lies entirely above.</p>
<h2>Leaderboard</h2>
<table><thead><tr><th>rank</th><th>policy</th><th>success</th><th>95% CI</th><th>n</th><th>Bradley-Terry θ</th></tr></thead><tbody>${leaderboard}</tbody></table>
${chart}
<h2>By scene</h2>
<table><thead><tr><th>policy</th>${scenes.map((s) => `<th>${escapeHtml(s)}</th>`).join("")}</tr></thead><tbody>${grid}</tbody></table>
<h2>Sample episodes</h2>
<div class="samples">${samples}</div>
${errored}`);
}

/** A success and a failure per policy and scene, first camera, as embedded MP4s. */
async function sampleVideos(runDir: string, records: EpisodeRecord[], policies: string[], scenes: string[]): Promise<string> {
  const figures: string[] = [];
  for (const policy of policies) {
    for (const scene of scenes) {
      for (const status of ["success", "failure"] as const) {
        const r = records.find((x) => x.policy === policy && x.sceneId === scene && x.status === status && x.frames[0]?.video);
        if (!r) continue;
        const mp4 = await readFile(join(runDir, "episodes", r.id, r.frames[0].video as string));
        figures.push(
          `<figure><video src="data:video/mp4;base64,${mp4.toString("base64")}" muted loop autoplay playsinline controls></video><figcaption>${escapeHtml(policy)} · ${escapeHtml(scene)} · seed ${r.seed} · <span class="${status}">${status}</span></figcaption></figure>`,
        );
      }
    }
  }
  return figures.join("\n");
}

/** A small line chart as inline SVG: success (0–100%) against severity level, one line per series with interval bars. */
import { escapeHtml } from "@gauntlet/rollout";

export interface Series {
  label: string;
  color: string;
  points: { x: number; y: number; low: number; high: number }[];
}

/** Distinct colours for up to 10 series, then repeating. */
export const PALETTE = ["#4a7fd4", "#d4574a", "#3a9e5c", "#c98a1b", "#8a5cc2", "#2aa3a3", "#c2477f", "#6b6b6b", "#8fae2f", "#1f4f8f"];

/** An SVG line plot; points of a series at the same x are nudged apart so their intervals stay readable. */
export function linePlotSvg(series: Series[], opts: { title: string; xs: number[]; xLabel?: string; width?: number; height?: number }): string {
  const width = opts.width ?? 330;
  const height = opts.height ?? 210;
  const m = { left: 40, right: 10, top: 24, bottom: 34 };
  const [x0, x1] = [Math.min(...opts.xs), Math.max(...opts.xs)];
  const x = (v: number) => m.left + ((v - x0) / Math.max(1e-9, x1 - x0)) * (width - m.left - m.right);
  const y = (v: number) => m.top + (1 - v) * (height - m.top - m.bottom);
  const nudge = (i: number) => (i - (series.length - 1) / 2) * Math.min(4, 24 / Math.max(1, series.length));
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line x1="${m.left}" y1="${y(t)}" x2="${width - m.right}" y2="${y(t)}" stroke="#e6e6e6"/><text x="${m.left - 5}" y="${y(t) + 4}" font-size="10" text-anchor="end" fill="#666">${t * 100}%</text>`)
    .join("");
  const xTicks = opts.xs.map((v) => `<text x="${x(v)}" y="${height - m.bottom + 14}" font-size="10" text-anchor="middle" fill="#666">${v}</text>`).join("");
  const lines = series
    .map((s, i) => {
      const pts = s.points.filter((p) => Number.isFinite(p.y));
      const path = pts.map((p, k) => `${k ? "L" : "M"}${(x(p.x) + nudge(i)).toFixed(1)},${y(p.y).toFixed(1)}`).join("");
      const bars = pts.map((p) => `<line x1="${x(p.x) + nudge(i)}" y1="${y(p.low)}" x2="${x(p.x) + nudge(i)}" y2="${y(p.high)}" stroke="${s.color}" stroke-opacity="0.45" stroke-width="2"/>`).join("");
      const dots = pts.map((p) => `<circle cx="${x(p.x) + nudge(i)}" cy="${y(p.y)}" r="2.6" fill="${s.color}"><title>${escapeHtml(s.label)}: level ${p.x}, ${(100 * p.y).toFixed(0)}% [${(100 * p.low).toFixed(0)}–${(100 * p.high).toFixed(0)}%]</title></circle>`).join("");
      return `<g>${bars}<path d="${path}" fill="none" stroke="${s.color}" stroke-width="1.6"/>${dots}</g>`;
    })
    .join("");
  const title = `<text x="${m.left}" y="15" font-size="12" font-weight="600">${escapeHtml(opts.title)}</text>`;
  const xLabel = `<text x="${(m.left + width - m.right) / 2}" y="${height - 4}" font-size="10" text-anchor="middle" fill="#444">${escapeHtml(opts.xLabel ?? "severity level")}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(opts.title)}: success against severity">${title}${grid}${xTicks}${xLabel}${lines}</svg>`;
}

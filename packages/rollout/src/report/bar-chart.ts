import { escapeHtml } from "./escape-html";
/** One bar: a value in [0, 1] with an interval. */
export interface Bar {
  label: string;
  value: number;
  low: number;
  high: number;
}


/** A horizontal bar chart with error bars as inline SVG, 0–100% on the x axis. */
export function barChartSvg(bars: Bar[], opts: { width?: number; barHeight?: number } = {}): string {
  const width = opts.width ?? 640;
  const barHeight = opts.barHeight ?? 22;
  const labelWidth = 170;
  const plot = width - labelWidth - 50;
  const height = bars.length * (barHeight + 8) + 30;
  const x = (v: number) => labelWidth + v * plot;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line x1="${x(t)}" y1="0" x2="${x(t)}" y2="${height - 20}" stroke="#e3e3e3"/><text x="${x(t)}" y="${height - 6}" font-size="11" text-anchor="middle" fill="#666">${t * 100}%</text>`)
    .join("");
  const rows = bars
    .map((b, i) => {
      const y = i * (barHeight + 8) + 4;
      const mid = y + barHeight / 2;
      return [
        `<text x="${labelWidth - 8}" y="${mid + 4}" font-size="12" text-anchor="end">${escapeHtml(b.label)}</text>`,
        `<rect x="${x(0)}" y="${y}" width="${Math.max(0, x(b.value) - x(0))}" height="${barHeight}" fill="#4a7fd4"/>`,
        `<line x1="${x(b.low)}" y1="${mid}" x2="${x(b.high)}" y2="${mid}" stroke="#111" stroke-width="1.5"/>`,
        `<line x1="${x(b.low)}" y1="${mid - 6}" x2="${x(b.low)}" y2="${mid + 6}" stroke="#111" stroke-width="1.5"/>`,
        `<line x1="${x(b.high)}" y1="${mid - 6}" x2="${x(b.high)}" y2="${mid + 6}" stroke="#111" stroke-width="1.5"/>`,
        `<text x="${x(b.high) + 6}" y="${mid + 4}" font-size="11" fill="#333">${(100 * b.value).toFixed(0)}%</text>`,
      ].join("");
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="success rate by policy with 95% intervals">${ticks}${rows}</svg>`;
}

import { escapeHtml } from "../report/escape-html";
import type { BackendRow } from "./compare-backends";

/**
 * Success rate in the reference backend (x) against the validated one (y), one labelled point per
 * policy with its Wilson 95% intervals on both axes, and the y = x diagonal, as inline SVG.
 */
export function backendScatterSvg(rows: BackendRow[], labels: { x: string; y: string }, size = 420): string {
  const pad = 48;
  const plot = size - pad - 16;
  const x = (v: number) => pad + v * plot;
  const y = (v: number) => size - pad - v * plot;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}" stroke="#eee"/><line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" stroke="#eee"/>` +
        `<text x="${x(t)}" y="${y(0) + 16}" font-size="11" text-anchor="middle" fill="#666">${t * 100}%</text>` +
        `<text x="${x(0) - 6}" y="${y(t) + 4}" font-size="11" text-anchor="end" fill="#666">${t * 100}%</text>`,
    )
    .join("");
  const points = rows
    .map((r) => {
      const px = x(r.reference.rate);
      const py = y(r.predicted.rate);
      return [
        `<line x1="${x(r.reference.low)}" y1="${py}" x2="${x(r.reference.high)}" y2="${py}" stroke="#9ab" />`,
        `<line x1="${px}" y1="${y(r.predicted.low)}" x2="${px}" y2="${y(r.predicted.high)}" stroke="#9ab" />`,
        `<circle cx="${px}" cy="${py}" r="4" fill="#2b5fb4"><title>${escapeHtml(`${r.policy}: ${labels.x} ${pct(r.reference.rate)}, ${labels.y} ${pct(r.predicted.rate)}`)}</title></circle>`,
        `<text x="${px + 6}" y="${py - 5}" font-size="10" fill="#333">${escapeHtml(r.policy)}</text>`,
      ].join("");
    })
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" role="img" aria-label="${escapeHtml(`${labels.y} against ${labels.x} success rate per policy`)}">`,
    grid,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#c44" stroke-dasharray="4 3"/>`,
    points,
    `<text x="${x(0.5)}" y="${size - 8}" font-size="12" text-anchor="middle">${escapeHtml(labels.x)} success rate</text>`,
    `<text x="14" y="${y(0.5)}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${y(0.5)})">${escapeHtml(labels.y)} success rate</text>`,
    "</svg>",
  ].join("");
}

function pct(v: number): string {
  return `${(100 * v).toFixed(0)}%`;
}

/**
 * A horizontal interval plot: one row per item, a line from low to high and a dot at the
 * estimate, on a shared axis with round ticks. The layout is plain numbers (testable without a
 * DOM); `intervalPlot` turns it into SVG.
 */
import { s } from "../dom";

export interface IntervalItem {
  label: string;
  value: number;
  low: number;
  high: number;
}

export interface PlotLayout {
  width: number;
  height: number;
  rows: { label: string; y: number; x: number; x0: number; x1: number }[];
  ticks: { x: number; label: string }[];
  /** x of the axis' zero, when zero lies on it. */
  zero: number | null;
}

const ROW_H = 26;
const LABEL_W = 150;
const PAD = { left: LABEL_W + 10, right: 16, top: 10, bottom: 28 };

/** Round tick values spanning [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/** Places the items on an axis covering every interval (or `domain` when given). */
export function layoutIntervals(items: IntervalItem[], width = 640, domain?: [number, number]): PlotLayout {
  const finite = items.flatMap((i) => [i.low, i.high, i.value]).filter(Number.isFinite);
  let [lo, hi] = domain ?? [Math.min(...finite, 0), Math.max(...finite, 0)];
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  const ticks = niceTicks(lo, hi);
  lo = Math.min(lo, ticks[0]);
  hi = Math.max(hi, ticks[ticks.length - 1]);
  const inner = width - PAD.left - PAD.right;
  const x = (v: number) => PAD.left + ((v - lo) / (hi - lo)) * inner;
  return {
    width,
    height: PAD.top + items.length * ROW_H + PAD.bottom,
    rows: items.map((item, i) => ({ label: item.label, y: PAD.top + i * ROW_H + ROW_H / 2, x: x(item.value), x0: x(item.low), x1: x(item.high) })),
    ticks: ticks.map((t) => ({ x: x(t), label: String(Number(t.toPrecision(3))) })),
    zero: lo <= 0 && hi >= 0 ? x(0) : null,
  };
}

/** Draws an interval plot as an SVG element with a title and an axis caption. */
export function intervalPlot(items: IntervalItem[], opts: { title: string; axis: string; width?: number; domain?: [number, number] }): SVGElement {
  const L = layoutIntervals(items, opts.width, opts.domain);
  const axisY = L.height - PAD.bottom + 4;
  return s(
    "svg",
    { class: "interval-plot", viewBox: `0 0 ${L.width} ${L.height + 14}`, role: "img", "aria-label": opts.title },
    s("title", {}, opts.title),
    ...L.ticks.map((t) => s("line", { class: "grid", x1: t.x, x2: t.x, y1: PAD.top, y2: axisY })),
    L.zero === null ? null : s("line", { class: "zero", x1: L.zero, x2: L.zero, y1: PAD.top, y2: axisY }),
    ...L.ticks.map((t) => s("text", { class: "tick", x: t.x, y: axisY + 14, "text-anchor": "middle" }, t.label)),
    s("text", { class: "axis-label", x: PAD.left + (L.width - PAD.left - PAD.right) / 2, y: L.height + 10, "text-anchor": "middle" }, opts.axis),
    ...L.rows.flatMap((r) => [
      s("text", { class: "row-label", x: LABEL_W, y: r.y + 4, "text-anchor": "end" }, r.label),
      s("line", { class: "interval", x1: r.x0, x2: r.x1, y1: r.y, y2: r.y }),
      s("circle", { class: "estimate", cx: r.x, cy: r.y, r: 4.5 }),
    ]),
  );
}

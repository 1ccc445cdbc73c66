import { describe, expect, it } from "vitest";
import { layoutIntervals, niceTicks } from "./interval-plot";

describe("niceTicks", () => {
  it("picks round steps covering the range", () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-2.3, 1.9)).toEqual([-2, -1, 0, 1]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe("layoutIntervals", () => {
  const items = [
    { label: "oracle", value: 1, low: 0.5, high: 1.5 },
    { label: "random", value: -1, low: -2, high: 0 },
  ];
  it("maps estimates and interval ends onto one axis, in row order", () => {
    const L = layoutIntervals(items, 600);
    const [a, b] = L.rows;
    expect(a.label).toBe("oracle");
    expect(a.x0).toBeLessThan(a.x);
    expect(a.x).toBeLessThan(a.x1);
    expect(b.x1).toBeCloseTo(L.zero as number);
    expect(b.y).toBeGreaterThan(a.y);
    // Linear: equal differences in value give equal distances.
    expect(a.x1 - a.x).toBeCloseTo(a.x - a.x0);
    expect(a.x - b.x).toBeCloseTo(4 * (a.x1 - a.x));
    expect(L.ticks.map((t) => t.label)).toEqual(["-2", "-1", "0", "1"]);
    const xs = L.rows.flatMap((r) => [r.x0, r.x, r.x1]);
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(600);
  });
  it("honours a fixed domain", () => {
    const L = layoutIntervals([{ label: "p", value: 0.5, low: 0.25, high: 0.75 }], 600, [0, 1]);
    const [zero, one] = [L.ticks[0].x, L.ticks[L.ticks.length - 1].x];
    expect(L.rows[0].x).toBeCloseTo((zero + one) / 2);
  });
});

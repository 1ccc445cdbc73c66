import { describe, expect, it } from "vitest";
import { aggregateComparisons } from "./pair-table";

describe("aggregateComparisons", () => {
  it("counts wins, losses and ties per unordered pair, whatever the orientation", () => {
    const table = aggregateComparisons([
      { a: "b", b: "a", outcome: "a" }, // b beat a
      { a: "a", b: "b", outcome: "a" }, // a beat b
      { a: "a", b: "b", outcome: "tie" },
      { a: "c", b: "a", outcome: "b" }, // a beat c
    ]);
    expect(table.policies).toEqual(["a", "b", "c"]);
    expect([...table.first]).toEqual([0, 0]);
    expect([...table.second]).toEqual([1, 2]);
    expect([...table.firstWins]).toEqual([1, 1]);
    expect([...table.secondWins]).toEqual([1, 0]);
    expect([...table.ties]).toEqual([1, 0]);
    expect(table.total).toBe(4);
  });

  it("rejects self-comparisons and unknown outcomes with the reason", () => {
    expect(() => aggregateComparisons([{ a: "x", b: "x", outcome: "tie" }])).toThrow(/"x" with itself/);
    expect(() => aggregateComparisons([{ a: "x", b: "y", outcome: "draw" as "tie" }])).toThrow(/got "draw"/);
  });
});

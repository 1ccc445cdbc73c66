import { describe, expect, it } from "vitest";
import { comparisonsFromEpisodes, type EpisodeOutcome } from "./comparisons";

const record = (policy: string, sceneId: string, seed: number, status: "success" | "failure" | "errored", progress?: number[]): EpisodeOutcome => ({
  policy,
  sceneId,
  seed,
  success: status === "success",
  status,
  progress,
});

describe("comparisonsFromEpisodes", () => {
  it("pairs policies on the same scene and seed only, leaving errored episodes out", () => {
    const records = [
      record("p2", "s1", 0, "failure"),
      record("p1", "s1", 0, "success"),
      record("p3", "s1", 0, "errored"), // excluded: no comparison with p3 on (s1, 0)
      record("p1", "s1", 1, "failure"),
      record("p2", "s1", 1, "failure"), // both failed: tie
      record("p1", "s2", 0, "success"),
      record("p3", "s2", 0, "success"), // both succeeded: tie
      record("p2", "s2", 1, "success"),
      record("p1", "s2", 1, "failure"), // p2 (b) wins
      record("p3", "s3", 0, "success"), // alone on (s3, 0): nothing to compare
      record("p2", "s3", 1, "failure"), // same scene, different seed: not compared with p3
    ];
    expect(comparisonsFromEpisodes(records)).toEqual([
      { a: "p1", b: "p2", outcome: "a" },
      { a: "p1", b: "p2", outcome: "tie" },
      { a: "p1", b: "p3", outcome: "tie" },
      { a: "p1", b: "p2", outcome: "b" },
    ]);
  });

  it("gives every pair of policies on a shared episode one comparison", () => {
    const records = ["a", "b", "c", "d"].map((p) => record(p, "s", 0, p === "c" ? "success" : "failure"));
    const comparisons = comparisonsFromEpisodes(records);
    expect(comparisons).toHaveLength(6);
    expect(comparisons.filter((c) => c.outcome !== "tie")).toEqual([
      { a: "a", b: "c", outcome: "b" },
      { a: "b", b: "c", outcome: "b" },
      { a: "c", b: "d", outcome: "a" },
    ]);
  });

  it("breaks ties between two failures by final progress only when asked and beyond the margin", () => {
    const records = [
      record("p1", "s", 0, "failure", [0, 0.2, 0.5]),
      record("p2", "s", 0, "failure", [0, 0.3]),
      record("p1", "s", 1, "failure", [0.35]),
      record("p2", "s", 1, "failure", [0.3]),
      record("p1", "s", 2, "success", [1, 0.2]),
      record("p2", "s", 2, "success", [1]),
      record("p1", "s", 3, "failure"),
      record("p2", "s", 3, "failure", [0.9]),
    ];
    expect(comparisonsFromEpisodes(records).map((c) => c.outcome)).toEqual(["tie", "tie", "tie", "tie"]);
    expect(comparisonsFromEpisodes(records, { tieBreakMargin: 0.1 }).map((c) => c.outcome)).toEqual([
      "a", // 0.5 vs 0.3: more than 0.1 apart
      "tie", // 0.35 vs 0.3: within the margin
      "tie", // two successes always tie
      "tie", // p1 has no progress to compare
    ]);
  });

  it("rejects two finished records of one policy on the same episode", () => {
    const records = [record("p1", "s", 0, "success"), record("p1", "s", 0, "failure")];
    expect(() => comparisonsFromEpisodes(records)).toThrow(/two finished records for policy "p1" on scene "s" seed 0/);
    expect(comparisonsFromEpisodes([record("p1", "s", 0, "errored"), ...records.slice(1)])).toEqual([]);
  });
});

import type { Comparison } from "./comparisons";

/**
 * Comparisons aggregated per unordered pair of policies: the sufficient statistics of the Davidson
 * model, so fitting costs O(pairs) per iteration however many comparisons there were.
 */
export interface PairTable {
  /** Policy names; indices below refer to this list (sorted by name). */
  policies: string[];
  /** Pair k is policies[first[k]] against policies[second[k]], with first[k] < second[k]. */
  first: Int32Array;
  second: Int32Array;
  /** Times first[k] won, second[k] won, and ties. Floats so resampled counts fit the same shape. */
  firstWins: Float64Array;
  secondWins: Float64Array;
  ties: Float64Array;
  /** Total comparisons. */
  total: number;
}

/** Aggregates comparisons into a pair table; only pairs that met at least once get a row. */
export function aggregateComparisons(comparisons: readonly Comparison[]): PairTable {
  const names = new Set<string>();
  for (const c of comparisons) {
    if (c.a === c.b) throw new Error(`aggregateComparisons: a comparison of "${c.a}" with itself; compare different policies`);
    if (c.outcome !== "a" && c.outcome !== "b" && c.outcome !== "tie") {
      throw new Error(`aggregateComparisons: outcome must be "a", "b" or "tie", got ${JSON.stringify(c.outcome)}`);
    }
    names.add(c.a);
    names.add(c.b);
  }
  const policies = [...names].sort();
  const index = new Map(policies.map((name, i) => [name, i]));
  const p = policies.length;
  // Dense p×p upper-triangle counts first (p is small), then compacted to the pairs that occur.
  const counts = new Float64Array(p * p * 3);
  for (const c of comparisons) {
    const ia = index.get(c.a) as number;
    const ib = index.get(c.b) as number;
    // Outcome column: 0 = lower index won, 1 = higher index won, 2 = tie.
    const aFirst = ia < ib;
    const outcome = c.outcome === "tie" ? 2 : (c.outcome === "a") === aFirst ? 0 : 1;
    const cell = aFirst ? ia * p + ib : ib * p + ia;
    counts[cell * 3 + outcome] += 1;
  }
  const rows: number[] = [];
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const at = (i * p + j) * 3;
      if (counts[at] + counts[at + 1] + counts[at + 2] > 0) rows.push(i, j);
    }
  }
  const pairs = rows.length / 2;
  const table: PairTable = {
    policies,
    first: new Int32Array(pairs),
    second: new Int32Array(pairs),
    firstWins: new Float64Array(pairs),
    secondWins: new Float64Array(pairs),
    ties: new Float64Array(pairs),
    total: comparisons.length,
  };
  for (let k = 0; k < pairs; k++) {
    const i = rows[2 * k];
    const j = rows[2 * k + 1];
    const at = (i * p + j) * 3;
    table.first[k] = i;
    table.second[k] = j;
    table.firstWins[k] = counts[at];
    table.secondWins[k] = counts[at + 1];
    table.ties[k] = counts[at + 2];
  }
  return table;
}

/** Accepts either raw comparisons or an already aggregated table. */
export function toPairTable(input: readonly Comparison[] | PairTable): PairTable {
  return Array.isArray(input) ? aggregateComparisons(input) : (input as PairTable);
}

/** Wins, losses and ties of each policy, in table order. */
export function policyCounts(table: PairTable): Array<{ wins: number; losses: number; ties: number }> {
  const counts = table.policies.map(() => ({ wins: 0, losses: 0, ties: 0 }));
  for (let k = 0; k < table.first.length; k++) {
    const a = counts[table.first[k]];
    const b = counts[table.second[k]];
    a.wins += table.firstWins[k];
    a.losses += table.secondWins[k];
    b.wins += table.secondWins[k];
    b.losses += table.firstWins[k];
    a.ties += table.ties[k];
    b.ties += table.ties[k];
  }
  return counts;
}

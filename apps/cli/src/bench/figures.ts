/** One measured figure of `gauntlet bench`, as printed and as written to bench-results/latest.json. */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  target?: string;
}

/** A named group of figures; `gauntlet bench --only <name>` runs just that group. `add` prints each figure as it arrives. */
export interface BenchSection {
  name: string;
  run(add: (f: Figure) => void): Promise<void>;
}

import { simulateComparisons } from "./simulate-comparisons";

/** Test data shared by the Bradley–Terry tests: 8 policies, strengths evenly spread and summing to zero. */
export const TRUE_THETA: Record<string, number> = { p0: -1.4, p1: -1, p2: -0.6, p3: -0.2, p4: 0.2, p5: 0.6, p6: 1, p7: 1.4 };
export const TRUE_NU = 0.8;
/** 20,000 Davidson comparisons drawn from TRUE_THETA and TRUE_NU (seed 3). */
export const SYNTHETIC = simulateComparisons({ strengths: TRUE_THETA, nu: TRUE_NU, count: 20_000, seed: 3 });

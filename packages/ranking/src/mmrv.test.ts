import { describe, expect, it } from "vitest";
import { mmrv } from "./mmrv";

describe("mmrv", () => {
  it("matches a hand-worked 4-policy case, ties in S included", () => {
    // Policies A, B, C, D with S (predicted) = [.9, .5, .5, .1] and R (reference) = [.6, .8, .3, .2].
    // i = A: vs B, S_A > S_B is true but R_A > R_B (.6 > .8) is false → |.6 − .8| = .2; C, D agree. max .2
    // i = B: vs A, (.5 > .9) false ≠ (.8 > .6) true → .2; vs C, (.5 > .5) false ≠ (.8 > .3) true → .5;
    //        vs D agree. max .5
    // i = C: vs A, false = false; vs B, (.5 > .5) false = (.3 > .8) false; vs D true = true. max 0
    //        (the S-tie with B is charged to B only: the strict inequalities make it one-sided)
    // i = D: false = false against everyone. max 0
    // MMRV = (.2 + .5 + 0 + 0) / 4 = .175
    expect(mmrv([0.9, 0.5, 0.5, 0.1], [0.6, 0.8, 0.3, 0.2])).toBeCloseTo(0.175, 12);
  });

  it("is 0 when the rankings agree, whatever the scales", () => {
    expect(mmrv([0.1, 0.4, 0.7, 0.2], [0.3, 0.5, 0.9, 0.35])).toBe(0);
    expect(mmrv([0.2, 0.2, 0.6], [0.1, 0.1, 0.8])).toBe(0);
  });

  it("charges the full gap of a fully reversed ranking", () => {
    // Every pair disagrees: A's worst is |0 − 1| = 1, B's is max(.5, .5) = .5, C's is 1 → 2.5 / 3.
    expect(mmrv([0, 0.5, 1], [1, 0.5, 0])).toBeCloseTo(2.5 / 3, 12);
    expect(() => mmrv([1], [1, 2])).toThrow(/same length/);
  });
});

import { describe, expect, it } from "vitest";
import { angleBetween } from "./open-loop";

describe("angleBetween", () => {
  it("is the wrapped difference: -π and π are the same angle, and nothing is further apart than π", () => {
    expect(angleBetween(0.5, 0.2)).toBeCloseTo(0.3, 12);
    expect(angleBetween(-Math.PI, Math.PI)).toBeCloseTo(0, 12);
    expect(angleBetween(3.1, -3.1)).toBeCloseTo(2 * Math.PI - 6.2, 12);
    expect(angleBetween(0, 3 * Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(angleBetween(-1, 1)).toBeCloseTo(2, 12);
  });
});

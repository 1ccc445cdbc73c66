import { describe, expect, it } from "vitest";
import { colourName, dominantColour, toHex } from "./appearance";

describe("dominantColour", () => {
  it("returns the largest colour cluster, not the mean with the shadowed faces", () => {
    // 60% lit green top, 25% dark green side, 15% near-black shadow.
    const n = 100;
    const data = new Uint8Array(n * 4);
    for (let i = 0; i < n; i++) data.set(i < 60 ? [60, 180, 80, 255] : i < 85 ? [30, 90, 40, 255] : [10, 12, 10, 255], 4 * i);
    const look = dominantColour({ width: n, height: 1, data }, Int32Array.from({ length: n }, (_, i) => i));
    expect(look.color).toEqual([60, 180, 80]);
    expect(look.share).toBeCloseTo(0.6, 5);
    expect(look.spread).toBeLessThan(1);
    expect(toHex(look.color)).toBe("#3cb450");
  });

  it("names colours in plain words", () => {
    expect(colourName([54, 178, 74])).toBe("green");
    expect(colourName([228, 177, 80])).toBe("yellow");
    expect(colourName([208, 58, 47])).toBe("red");
    expect(colourName([47, 111, 208])).toBe("blue");
    expect(colourName([20, 20, 22])).toBe("black");
    expect(colourName([240, 240, 238])).toBe("white");
  });
});

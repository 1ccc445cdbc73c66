import type { RgbImage } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { COLOURS, matchesColour, nearestColourWord } from "./colours";
import { segmentColour } from "./segment";

/** A 16x16 table-coloured image with the given rectangles painted in. */
function image(rects: { x: [number, number]; y: [number, number]; rgb: number[] }[]): RgbImage {
  const data = new Uint8Array(16 * 16 * 4);
  for (let i = 0; i < 256; i++) data.set([156, 122, 84, 255], 4 * i);
  for (const { x, y, rgb } of rects) for (let v = y[0]; v < y[1]; v++) for (let u = x[0]; u < x[1]; u++) data.set([...rgb, 255], 4 * (v * 16 + u));
  return { width: 16, height: 16, data };
}

describe("colour windows", () => {
  it("accept lit and shaded faces of each scene colour and reject the table, robot and background", () => {
    expect(matchesColour(210, 58, 47, COLOURS.red)).toBe(true);
    expect(matchesColour(105, 29, 24, COLOURS.red)).toBe(true);
    expect(matchesColour(224, 192, 32, COLOURS.yellow)).toBe(true);
    expect(matchesColour(27, 89, 37, COLOURS.green)).toBe(true);
    expect(matchesColour(47, 95, 210, COLOURS.blue)).toBe(true);
    expect(matchesColour(200, 200, 200, COLOURS.white)).toBe(true);
    for (const window of Object.values(COLOURS)) {
      expect(matchesColour(156, 122, 84, window)).toBe(false); // table
      expect(matchesColour(43, 43, 43, window)).toBe(false); // robot
    }
  });

  it("maps scene colours to words", () => {
    expect(["#d23a2f", "#2f5fd2", "#2fbf4a", "#36b24a", "#e0c020", "#f2f2f2"].map(nearestColourWord)).toEqual(["red", "blue", "green", "green", "yellow", "white"]);
  });
});

describe("segmentColour", () => {
  it("returns the largest blob's centroid and flags the border and dark neighbours", () => {
    const img = image([
      { x: [4, 8], y: [6, 9], rgb: [210, 58, 47] },
      { x: [12, 13], y: [1, 2], rgb: [210, 58, 47] },
      { x: [8, 9], y: [6, 9], rgb: [43, 43, 43] },
    ]);
    const blob = segmentColour(img, COLOURS.red);
    expect(blob).toMatchObject({ count: 12, u: 6, v: 7.5, touchesBorder: false, darkEdge: 3 });
    expect(segmentColour(img, COLOURS.blue)).toBeNull();
    expect(segmentColour(image([{ x: [0, 3], y: [0, 3], rgb: [47, 95, 210] }]), COLOURS.blue)?.touchesBorder).toBe(true);
  });

  it("only looks inside the region of interest", () => {
    const img = image([{ x: [4, 8], y: [6, 9], rgb: [210, 58, 47] }]);
    expect(segmentColour(img, COLOURS.red, 4, (u) => u > 10)).toBeNull();
  });
});

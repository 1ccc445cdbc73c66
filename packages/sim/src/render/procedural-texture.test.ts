import { describe, expect, it } from "vitest";
import { proceduralTexturePixels } from "./procedural-texture";

const colours = (px: Uint8Array) => new Set(Array.from({ length: px.length / 4 }, (_, i) => px.slice(4 * i, 4 * i + 3).join(",")));

describe("proceduralTexturePixels", () => {
  it("draws a checker in exactly the two colours, cells per side as asked", () => {
    const px = proceduralTexturePixels({ pattern: "checker", color: "#0000ff", cells: 4, seed: 0 }, "#ff0000", 16);
    expect(colours(px)).toEqual(new Set(["255,0,0", "0,0,255"]));
    expect(Array.from(px.slice(0, 3))).toEqual([255, 0, 0]);
    expect(Array.from(px.slice(4 * 4, 4 * 4 + 3))).toEqual([0, 0, 255]); // the next cell along the row
  });

  it("makes seeded noise: the same seed the same pixels, another seed others", () => {
    const a = proceduralTexturePixels({ pattern: "noise", color: "#ffffff", cells: 4, seed: 1 }, "#000000");
    expect(proceduralTexturePixels({ pattern: "noise", color: "#ffffff", cells: 4, seed: 1 }, "#000000")).toEqual(a);
    expect(proceduralTexturePixels({ pattern: "noise", color: "#ffffff", cells: 4, seed: 2 }, "#000000")).not.toEqual(a);
    expect(colours(a).size).toBeGreaterThan(20);
  });
});

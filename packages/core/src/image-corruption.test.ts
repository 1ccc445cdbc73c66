import { describe, expect, it } from "vitest";
import type { RgbImage } from "./env";
import { corruptImage, corruptionSeed } from "./image-corruption";

/** A 32x32 frame: left half dark grey, right half light grey. */
function frame(): RgbImage {
  const data = new Uint8Array(32 * 32 * 4);
  for (let i = 0; i < 32 * 32; i++) data.fill((i % 32) < 16 ? 60 : 180, 4 * i, 4 * i + 3).fill(255, 4 * i + 3, 4 * i + 4);
  return { width: 32, height: 32, data };
}
const clean = { noise: 0, blur: 0, exposure: 0 };
const mean = (d: Uint8Array) => d.filter((_, i) => i % 4 === 0).reduce((s, v) => s + v, 0) / (d.length / 4);

describe("corruptImage", () => {
  it("returns the frame itself when nothing is set, and never touches its input", () => {
    const f = frame();
    expect(corruptImage(f, clean, 0)).toBe(f);
    const copy = Uint8Array.from(f.data);
    corruptImage(f, { noise: 0.1, blur: 1, exposure: 1 }, 0);
    expect(f.data).toEqual(copy);
  });

  it("adds noise of the requested spread, the same for the same seed", () => {
    const a = corruptImage(frame(), { ...clean, noise: 0.05 }, 1);
    expect(corruptImage(frame(), { ...clean, noise: 0.05 }, 1).data).toEqual(a.data);
    expect(corruptImage(frame(), { ...clean, noise: 0.05 }, 2).data).not.toEqual(a.data);
    const base = frame().data;
    const diffs = Array.from(a.data, (v, i) => v - base[i]).filter((_, i) => i % 4 !== 3);
    const std = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    expect(std).toBeGreaterThan(0.05 * 255 * 0.9);
    expect(std).toBeLessThan(0.05 * 255 * 1.1);
    expect(a.data.filter((_, i) => i % 4 === 3).every((v) => v === 255)).toBe(true);
  });

  it("brightens with positive exposure and darkens with negative, in linear light", () => {
    expect(mean(corruptImage(frame(), { ...clean, exposure: 1 }, 0).data)).toBeGreaterThan(mean(frame().data) + 20);
    const darker = corruptImage(frame(), { ...clean, exposure: -1 }, 0).data;
    // One stop down halves linear light: sRGB 180 (linear 0.456) becomes linear 0.228, sRGB 131.
    expect(darker[4 * 20]).toBe(131);
  });

  it("blurs the edge between the halves and keeps flat regions", () => {
    const b = corruptImage(frame(), { ...clean, blur: 1.5 }, 0).data;
    expect(b[4 * 15]).toBeGreaterThan(60);
    expect(b[4 * 16]).toBeLessThan(180);
    expect(b[4 * 2]).toBe(60);
  });

  it("seeds each frame of each camera differently", () => {
    expect(corruptionSeed(0, "third", 1)).not.toBe(corruptionSeed(0, "third", 2));
    expect(corruptionSeed(0, "third", 1)).not.toBe(corruptionSeed(0, "wrist", 1));
    expect(corruptionSeed(3, "third", 1)).toBe(corruptionSeed(3, "third", 1));
  });
});

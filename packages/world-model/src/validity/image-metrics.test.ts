import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { psnr, ssim } from "./image-metrics";

const filled = (n: number, v: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => v(i));

describe("psnr", () => {
  it("is 10 log10(255² / d²) for a constant difference d", () => {
    const a = filled(16 * 16 * 3, () => 100);
    expect(psnr(a, filled(a.length, () => 110))).toBeCloseTo(10 * Math.log10(255 ** 2 / 100), 10); // 28.1308 dB
    expect(psnr(a, filled(a.length, (i) => (i % 2 ? 100 : 90)))).toBeCloseTo(10 * Math.log10(255 ** 2 / 50), 10);
    expect(psnr(a, a)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("ssim", () => {
  it("is 1 for identical images and (2μxμy + C1) / (μx² + μy² + C1) for two flat images", () => {
    const rng = makeRng(1);
    const a = filled(16 * 16 * 3, () => rng.int(0, 255));
    expect(ssim(a, a, 16, 16)).toBeCloseTo(1, 12);
    const c1 = (0.01 * 255) ** 2;
    const flat = ssim(filled(768, () => 100), filled(768, () => 150), 16, 16);
    expect(flat).toBeCloseTo((2 * 100 * 150 + c1) / (100 ** 2 + 150 ** 2 + c1), 12);
  });

  it("matches a direct window-by-window evaluation (8x8 windows, sample covariance)", () => {
    const rng = makeRng(7);
    const w = 12;
    const h = 10;
    const a = filled(w * h * 3, () => rng.int(0, 255));
    const b = filled(w * h * 3, (i) => Math.min(255, Math.max(0, a[i] + rng.int(-40, 40))));
    const c1 = (0.01 * 255) ** 2;
    const c2 = (0.03 * 255) ** 2;
    let total = 0;
    let n = 0;
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r + 8 <= h; r++) {
        for (let q = 0; q + 8 <= w; q++) {
          const xs: number[] = [];
          const ys: number[] = [];
          for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) {
            xs.push(a[((r + i) * w + q + j) * 3 + c]);
            ys.push(b[((r + i) * w + q + j) * 3 + c]);
          }
          const mx = xs.reduce((s, v) => s + v, 0) / 64;
          const my = ys.reduce((s, v) => s + v, 0) / 64;
          const vx = xs.reduce((s, v) => s + (v - mx) ** 2, 0) / 63;
          const vy = ys.reduce((s, v) => s + (v - my) ** 2, 0) / 63;
          const vxy = xs.reduce((s, v, k) => s + (v - mx) * (ys[k] - my), 0) / 63;
          total += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
          n++;
        }
      }
    }
    const value = ssim(a, b, w, h);
    expect(value).toBeCloseTo(total / n, 9);
    expect(value).toBeLessThan(0.99); // noisy: clearly below identical
  });

  it("names a size mismatch", () => {
    expect(() => ssim(new Uint8Array(12), new Uint8Array(12), 4, 4)).toThrow(/expected 4x4x3 = 48 bytes/);
  });
});

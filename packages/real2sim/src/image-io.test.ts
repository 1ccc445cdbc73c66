import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { readDepthPng, readLabelPng, readRgbPng, writeDepthPng, writeRgbPng } from "./image-io";

const dir = mkdtempSync(join(tmpdir(), "real2sim-io-"));

describe("PNG input and output", () => {
  it("round-trips metric depth through a 16-bit millimetre PNG, keeping 0 as no reading", () => {
    const depth = { width: 3, height: 2, data: Float32Array.from([0.5, 0.7234, 0, 1.25, 65.535, 70]) };
    writeDepthPng(join(dir, "d.png"), depth);
    const back = readDepthPng(join(dir, "d.png"));
    expect(back.width).toBe(3);
    expect(Array.from(back.data).map((v) => Math.round(v * 1000))).toEqual([500, 723, 0, 1250, 65535, 0]);
  });

  it("rejects an 8-bit image as depth, naming the flag", () => {
    writeRgbPng(join(dir, "rgb.png"), { width: 2, height: 1, data: new Uint8Array([1, 2, 3, 255, 4, 5, 6, 255]) });
    expect(() => readDepthPng(join(dir, "rgb.png"))).toThrow(/--depth: expected a 16-bit depth PNG/);
    expect(readRgbPng(join(dir, "rgb.png")).data.subarray(0, 4)).toEqual(new Uint8Array([1, 2, 3, 255]));
    expect(() => readRgbPng(join(dir, "missing.png"))).toThrow(/--rgb: could not read/);
  });

  it("reads grey label images as labels and colour masks as one instance per colour", () => {
    const grey = new PNG({ width: 3, height: 1, colorType: 0, inputColorType: 0, inputHasAlpha: false });
    grey.data = Buffer.from([0, 2, 7]);
    writeFileSync(join(dir, "grey.png"), PNG.sync.write(grey, { colorType: 0, inputColorType: 0, inputHasAlpha: false }));
    expect(Array.from(readLabelPng(join(dir, "grey.png")).data)).toEqual([0, 2, 7]);
    const red = [255, 0, 0, 255];
    const blue = [0, 0, 255, 255];
    writeRgbPng(join(dir, "colour.png"), { width: 4, height: 1, data: new Uint8Array([0, 0, 0, 255, ...blue, ...red, ...blue]) });
    expect(Array.from(readLabelPng(join(dir, "colour.png")).data)).toEqual([0, 1, 2, 1]);
  });
});

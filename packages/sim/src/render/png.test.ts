import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { decodePng, encodePng } from "./png";

describe("encodePng", () => {
  it("writes a valid RGBA PNG whose IDAT holds the filtered rows", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 1, 2, 3, 4]);
    const png = encodePng(rgba, 2, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString("latin1", 12, 16)).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBe(2);
    expect(png.readUInt32BE(20)).toBe(2);
    const idatLen = png.readUInt32BE(33);
    expect(png.toString("latin1", 37, 41)).toBe("IDAT");
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect([...raw]).toEqual([0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8)]);
    expect(png.toString("latin1", png.length - 8, png.length - 4)).toBe("IEND");
  });

  it("rejects a buffer of the wrong size", () => {
    expect(() => encodePng(new Uint8Array(3), 1, 1)).toThrow(RangeError);
  });
});

describe("decodePng", () => {
  it("reads back what encodePng wrote", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 255, 1, 2, 3, 4, 9, 8, 7, 6, 5, 4, 3, 2]);
    const image = decodePng(new Uint8Array(encodePng(rgba, 3, 2)));
    expect([image.width, image.height]).toEqual([3, 2]);
    expect([...image.data]).toEqual([...rgba]);
  });

  it("expands 16-bit grey to RGBA8 and rejects bytes that are not a PNG", () => {
    const grey = new PNG({ width: 1, height: 1, bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
    grey.data = Buffer.from(new Uint16Array([65535]).buffer);
    const bytes = PNG.sync.write(grey, { bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
    expect([...decodePng(bytes).data]).toEqual([255, 255, 255, 255]);
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow();
  });
});

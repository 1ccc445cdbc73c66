/**
 * PNG files in and out: colour frames (RGBA8), metric depth (16-bit, e.g. millimetres) and
 * instance label images. Colour frames reuse the renderer's decodePng/encodePng; depth and labels
 * are decoded with pngjs at their full bit depth.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { RgbImage } from "@gauntlet/core";
import { decodePng, encodePng } from "@gauntlet/sim/render";
import { PNG } from "pngjs";

/** Metric depth: metres per pixel, 0 where the sensor gave no reading; row 0 at the top. */
export interface DepthImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Instance labels: 0 = background, 1..n = objects; row 0 at the top. */
export interface LabelImage {
  width: number;
  height: number;
  data: Int32Array;
}

/** pngjs's decoded image; `depth` and `colorType` are set by the decoder but missing from its typings. */
type DecodedPng = PNG & { depth: number; colorType: number };

/** Decodes the file at `path`, naming `field` in the error when it is missing or not a PNG. */
function decodeFile<T>(path: string, field: string, decode: (bytes: Buffer) => T): T {
  try {
    return decode(readFileSync(path));
  } catch (err) {
    throw new Error(`${field}: could not read ${path} as a PNG: ${(err as Error).message}`);
  }
}

/** Decodes at the file's own bit depth (16-bit samples stay 16-bit) with pngjs's header fields. */
function readPng(path: string, field: string): DecodedPng {
  return decodeFile(path, field, (bytes) => PNG.sync.read(bytes, { skipRescale: true }) as DecodedPng);
}

/** Reads a colour PNG (grey, RGB or RGBA, any bit depth) as RGBA8. */
export function readRgbPng(path: string, field = "--rgb"): RgbImage {
  return decodeFile(path, field, decodePng);
}

/** Reads a 16-bit single-channel depth PNG; `metresPerUnit` is 0.001 for millimetres. Zero stays "no reading". */
export function readDepthPng(path: string, metresPerUnit = 0.001, field = "--depth"): DepthImage {
  const png = readPng(path, field);
  if (png.depth !== 16) throw new Error(`${field}: expected a 16-bit depth PNG (e.g. millimetres), got ${png.depth}-bit ${path}`);
  const raw = png.data as unknown as Uint16Array;
  const data = new Float32Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = raw[4 * i] * metresPerUnit;
  return { width: png.width, height: png.height, data };
}

/** Writes depth (metres) as a 16-bit PNG in units of `metresPerUnit`; values beyond 65535 units are written as 0 (no reading). */
export function writeDepthPng(path: string, depth: DepthImage, metresPerUnit = 0.001): void {
  const units = new Uint16Array(depth.width * depth.height);
  for (let i = 0; i < units.length; i++) {
    const u = Math.round(depth.data[i] / metresPerUnit);
    units[i] = u > 0 && u <= 65535 ? u : 0;
  }
  const png = new PNG({ width: depth.width, height: depth.height, bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(units.buffer);
  writeFileSync(path, PNG.sync.write(png, { bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false }));
}

/**
 * Reads an instance mask PNG: a grey value is a label (0 = background); in a colour image each
 * distinct non-black colour is one instance, numbered in order of first appearance.
 */
export function readLabelPng(path: string, field = "--masks"): LabelImage {
  const png = readPng(path, field);
  const px = png.data as unknown as ArrayLike<number>;
  const n = png.width * png.height;
  const data = new Int32Array(n);
  const grey = png.colorType === 0 || png.colorType === 4;
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [px[4 * i], px[4 * i + 1], px[4 * i + 2]];
    if (grey) data[i] = r;
    else if (r || g || b) {
      const key = (r * 65536 + g) * 65536 + b;
      if (!ids.has(key)) ids.set(key, ids.size + 1);
      data[i] = ids.get(key) as number;
    }
  }
  return { width: png.width, height: png.height, data };
}

/** Writes RGBA8 pixels as a PNG file. */
export function writeRgbPng(path: string, image: RgbImage): void {
  writeFileSync(path, encodePng(image.data, image.width, image.height));
}

/** Conversions between camera frames (RGBA bytes) and model tensors (planar floats in a pixel range). */
import type { RgbImage } from "@gauntlet/core";
import { resizeArea } from "@gauntlet/core";

/** Camera frames of several views -> one [3·V, H, W] tensor in `range`, each view area-resized to W x H. */
export function imagesToTensor(images: Record<string, RgbImage>, views: readonly string[], width: number, height: number, range: readonly [number, number]): Float32Array {
  const plane = width * height;
  const out = new Float32Array(3 * views.length * plane);
  const [lo, hi] = range;
  views.forEach((view, v) => {
    const image = images[view];
    if (!image) throw new Error(`frames: view "${view}" is missing (have ${Object.keys(images).join(", ") || "none"})`);
    const rgb = image.width === width && image.height === height ? rgbaToRgb(image.data) : resizeArea(image, width, height);
    for (let c = 0; c < 3; c++) {
      const base = (3 * v + c) * plane;
      for (let p = 0; p < plane; p++) out[base + p] = lo + (rgb[p * 3 + c] / 255) * (hi - lo);
    }
  });
  return out;
}

/** One [3·V, H, W] tensor in `range` -> an RGBA image per view, each value rounded to a byte. */
export function tensorToImages(tensor: Float32Array, offset: number, views: readonly string[], width: number, height: number, range: readonly [number, number]): Record<string, RgbImage> {
  const plane = width * height;
  const [lo, hi] = range;
  const images: Record<string, RgbImage> = {};
  views.forEach((view, v) => {
    const data = new Uint8Array(4 * plane);
    for (let c = 0; c < 3; c++) {
      const base = offset + (3 * v + c) * plane;
      for (let p = 0; p < plane; p++) data[p * 4 + c] = Math.round(Math.min(1, Math.max(0, (tensor[base + p] - lo) / (hi - lo))) * 255);
    }
    for (let p = 0; p < plane; p++) data[p * 4 + 3] = 255;
    images[view] = { width, height, data };
  });
  return images;
}

/**
 * The byte grid of a pixel range: rounds model outputs to the values a camera frame can hold and
 * gives the RGBA image of the rounded frame, in one pass over lookup tables. Bit for bit, `snap`
 * equals rounding with `tensorToImages`'s formula, mapping bytes back with `imagesToTensor`'s, and
 * reading the rounded frame's images with `tensorToImages` (NaN included: it stays NaN, reads as 0).
 * Its input need not be clamped to the range first: rounding clamps, to the same result.
 */
export class ByteGrid {
  /** The float each byte stands for, lo + (b / 255)·(hi - lo) as float32; entry 256 is NaN's. */
  private readonly levels = new Float32Array(257);
  /**
   * The byte `tensorToImages` reads from each level, kept only when that is not b itself for every b:
   * only float32 rounding of the levels, on a range far from 0 for its span, can move one.
   */
  private readonly bytes: Uint8Array | undefined;
  /**
   * 1 / (hi - lo) when that is exact (the span is a power of two, as for [0, 1] and [-1, 1]): then
   * multiplying by it equals dividing by the span, bit for bit, and is much faster. Else 0: divide.
   */
  private readonly inverse: number;

  constructor(readonly range: readonly [number, number]) {
    const [lo, hi] = range;
    const bytes = new Uint8Array(257);
    for (let b = 0; b < 256; b++) {
      this.levels[b] = lo + (b / 255) * (hi - lo);
      bytes[b] = Math.round(Math.min(1, Math.max(0, (this.levels[b] - lo) / (hi - lo))) * 255);
    }
    this.levels[256] = Number.NaN;
    // Byte 256 (NaN's) is stored as 0 in a Uint8Array, as tensorToImages stores NaN.
    this.bytes = bytes.every((v, b) => v === (b & 255)) ? undefined : bytes;
    const span = hi - lo;
    this.inverse = span > 0 && 2 ** Math.round(Math.log2(span)) === span ? 1 / span : 0;
  }

  /** One [3·V, H, W] frame at `offset` in `tensor` -> the frame rounded to the grid, and its RGBA image per view. */
  snap(tensor: Float32Array, offset: number, views: readonly string[], width: number, height: number): { frame: Float32Array; images: Record<string, RgbImage> } {
    const plane = width * height;
    const [lo, hi] = this.range;
    const span = hi - lo;
    const { levels, bytes, inverse } = this;
    const frame = new Float32Array(3 * views.length * plane);
    const images: Record<string, RgbImage> = {};
    for (let v = 0; v < views.length; v++) {
      const data = new Uint8Array(4 * plane).fill(255);
      for (let c = 0; c < 3; c++) {
        const base = (3 * v + c) * plane;
        snapPlane(tensor.subarray(offset + base, offset + base + plane), frame.subarray(base, base + plane), data, c, lo, span, inverse, levels, bytes);
      }
      images[views[v]] = { width, height, data };
    }
    return { frame, images };
  }
}

/** One colour plane of `snap`: rounds `src` into `dst` and writes its bytes into every 4th entry of `rgba` from `channel`. */
function snapPlane(src: Float32Array, dst: Float32Array, rgba: Uint8Array, channel: number, lo: number, span: number, inverse: number, levels: Float32Array, bytes: Uint8Array | undefined): void {
  const n = src.length;
  for (let p = 0, q = channel; p < n; p++, q += 4) {
    // b = Math.round(clamp((x - lo) / span, 0, 1) * 255), or 256 for NaN, without Math.round (slow
    // in V8): floor(y + 0.5) equals it on [0.5, 254.5).
    const y = (inverse !== 0 ? (src[p] - lo) * inverse : (src[p] - lo) / span) * 255;
    const b = y >= 254.5 ? 255 : y >= 0.5 ? (y + 0.5) | 0 : y < 0.5 ? 0 : 256;
    dst[p] = levels[b];
    rgba[q] = bytes === undefined ? b : bytes[b];
  }
}

function rgbaToRgb(rgba: Uint8Array): Uint8Array {
  const n = rgba.length / 4;
  const out = new Uint8Array(3 * n);
  for (let p = 0; p < n; p++) {
    out[p * 3] = rgba[p * 4];
    out[p * 3 + 1] = rgba[p * 4 + 1];
    out[p * 3 + 2] = rgba[p * 4 + 2];
  }
  return out;
}

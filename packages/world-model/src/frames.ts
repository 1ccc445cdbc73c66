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

/** Resampling of label and colour images between the frame and the coarser render-and-compare views. */
import type { RgbImage } from "@gauntlet/core";
import { resizeArea } from "@gauntlet/core";

/** Nearest-neighbour resampling of a label image. */
export function resampleLabels(labels: Int32Array, width: number, height: number, w: number, h: number): Int32Array {
  const out = new Int32Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / h));
    for (let x = 0; x < w; x++) out[y * w + x] = labels[sy * width + Math.min(width - 1, Math.floor(((x + 0.5) * width) / w))];
  }
  return out;
}

/** Area-averaged resampling of a colour image (the policies' resizeArea, as opaque RGBA for the renderer's frames). */
export function resampleImage(image: RgbImage, w: number, h: number): RgbImage {
  const rgb = resizeArea(image, w, h);
  const data = new Uint8Array(w * h * 4).fill(255);
  for (let i = 0; i < w * h; i++) data.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
  return { width: w, height: h, data };
}

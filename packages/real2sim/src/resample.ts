/** Resampling of label and colour images between the frame and the coarser render-and-compare views. */
import type { RgbImage } from "@gauntlet/core";

/** Nearest-neighbour resampling of a label image. */
export function resampleLabels(labels: Int32Array, width: number, height: number, w: number, h: number): Int32Array {
  const out = new Int32Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / h));
    for (let x = 0; x < w; x++) out[y * w + x] = labels[sy * width + Math.min(width - 1, Math.floor(((x + 0.5) * width) / w))];
  }
  return out;
}

/** Area-averaged resampling of a colour image (box filter over the source pixels each target pixel covers). */
export function resampleImage(image: RgbImage, w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * image.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * image.width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / w));
      const sum = [0, 0, 0];
      for (let sy = y0; sy < y1; sy++) for (let sx = x0; sx < x1; sx++) for (let ch = 0; ch < 3; ch++) sum[ch] += image.data[4 * (sy * image.width + sx) + ch];
      const count = (y1 - y0) * (x1 - x0);
      for (let ch = 0; ch < 3; ch++) data[4 * (y * w + x) + ch] = Math.round(sum[ch] / count);
      data[4 * (y * w + x) + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}

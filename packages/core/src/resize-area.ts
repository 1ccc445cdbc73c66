/**
 * Area-average resizing of camera frames: the one preprocessing step shared by demonstration
 * recording (models/bc/generate-demos.ts) and ONNX inference, so both see identical pixels.
 */
import type { RgbImage } from "./env";

/**
 * Resizes an RGBA frame (row 0 at the top) to `width` x `height` by area averaging (each output
 * pixel is the coverage-weighted mean of the source pixels under it, as OpenCV's INTER_AREA when
 * shrinking) and drops alpha. Returns row-major RGB bytes (HWC), rounded to the nearest integer.
 */
export function resizeArea(image: RgbImage, width: number, height: number): Uint8Array {
  const { width: sw, height: sh, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`resizeArea: target size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== sw * sh * 4) {
    throw new Error(`resizeArea: expected ${sw}x${sh} RGBA (${sw * sh * 4} bytes), got ${data.length} bytes`);
  }
  const xs = areaWeights(sw, width);
  const ys = areaWeights(sh, height);
  const out = new Uint8Array(width * height * 3);
  for (let oy = 0; oy < height; oy++) {
    for (let ox = 0; ox < width; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [sy, wy] of ys[oy]) {
        for (const [sx, wx] of xs[ox]) {
          const w = wy * wx;
          const i = (sy * sw + sx) * 4;
          r += data[i] * w;
          g += data[i + 1] * w;
          b += data[i + 2] * w;
        }
      }
      const o = (oy * width + ox) * 3;
      out[o] = Math.round(r);
      out[o + 1] = Math.round(g);
      out[o + 2] = Math.round(b);
    }
  }
  return out;
}

/** For each output index, the source indices it covers and their weights (summing to 1). */
function areaWeights(source: number, target: number): Array<Array<[number, number]>> {
  const scale = source / target;
  const weights: Array<Array<[number, number]>> = [];
  for (let o = 0; o < target; o++) {
    const start = o * scale;
    const end = start + scale;
    const taps: Array<[number, number]> = [];
    for (let s = Math.floor(start); s < Math.min(source, Math.ceil(end)); s++) {
      const cover = Math.min(end, s + 1) - Math.max(start, s);
      if (cover > 1e-9) taps.push([s, cover / scale]);
    }
    weights.push(taps);
  }
  return weights;
}

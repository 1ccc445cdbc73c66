/**
 * Image-level corruption of camera frames: Gaussian blur (optics), an exposure change (the
 * sensor's gain) and additive Gaussian noise (the sensor's read noise), in that order. It is a
 * pure function of the frame, the settings and a seed, so the simulator and the world model
 * corrupt their frames identically and reproducibly.
 */
import type { RgbImage } from "./env";
import { normalQuantile } from "./quantiles";
import { hashString, makeRng, sfc32 } from "./rng";
import type { ImageCorruption } from "./scene";

/** The seed of one frame's noise: stable for an episode seed, camera and frame index. */
export function corruptionSeed(episodeSeed: number, camera: string, frame: number): number {
  return (episodeSeed ^ hashString(`corruption/${camera}/${frame}`)) >>> 0;
}

/** Whether the settings change anything at all. */
export function isCorrupting(c: ImageCorruption | undefined): c is ImageCorruption {
  return !!c && (c.noise > 0 || c.blur > 0 || c.exposure !== 0);
}

/** Returns a corrupted copy of an RGBA frame (alpha untouched), or the frame itself when the settings are all zero. */
export function corruptImage(image: RgbImage, c: ImageCorruption, seed: number): RgbImage {
  if (!isCorrupting(c)) return image;
  const { width, height } = image;
  let data: Uint8Array = image.data.slice();
  if (c.blur > 0) data = gaussianBlur(data, width, height, c.blur);
  if (c.exposure !== 0) applyLut(data, exposureLut(c.exposure));
  if (c.noise > 0) addNoise(data, c.noise * 255, seed);
  return { width, height, data };
}

const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const toSrgb = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);

/** Scales linear light by 2^stops, in 8-bit sRGB. */
function exposureLut(stops: number): Uint8Array {
  const gain = 2 ** stops;
  const lut = new Uint8Array(256);
  for (let i = 0; i < 256; i++) lut[i] = Math.round(255 * toSrgb(Math.min(1, toLinear(i / 255) * gain)));
  return lut;
}

function applyLut(data: Uint8Array, lut: Uint8Array): void {
  for (let i = 0; i < data.length; i += 4) {
    data[i] = lut[data[i]];
    data[i + 1] = lut[data[i + 1]];
    data[i + 2] = lut[data[i + 2]];
  }
}

/** Separable Gaussian blur of the RGB channels, one float plane at a time; edges repeat the border pixel. */
function gaussianBlur(src: Uint8Array, width: number, height: number, sigma: number): Uint8Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const taps = 2 * r + 1;
  const kernel = new Float32Array(taps);
  let sum = 0;
  for (let k = -r; k <= r; k++) sum += kernel[k + r] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < taps; k++) kernel[k] /= sum;
  // Planes padded by r on every side with the border pixels, so the inner loops never clamp.
  const pw = width + 2 * r;
  const ph = height + 2 * r;
  const padded = new Float32Array(pw * ph);
  const across = new Float32Array(pw * ph);
  const out = src.slice();
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  for (let ch = 0; ch < 3; ch++) {
    for (let y = 0; y < ph; y++) {
      const sy = Math.min(height - 1, Math.max(0, y - r));
      for (let x = 0; x < pw; x++) padded[y * pw + x] = src[4 * (sy * width + Math.min(width - 1, Math.max(0, x - r))) + ch];
    }
    for (let y = 0; y < ph; y++) {
      const row = y * pw;
      for (let x = 0; x < width; x++) {
        let acc = 0;
        for (let k = 0; k < taps; k++) acc += kernel[k] * padded[row + x + k];
        across[row + x + r] = acc;
      }
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let acc = 0;
        const col = x + r;
        for (let k = 0; k < taps; k++) acc += kernel[k] * across[(y + k) * pw + col];
        clamped[4 * (y * width + x) + ch] = acc;
      }
    }
  }
  return out;
}

const QUANTILES = normalQuantiles(4096);

/**
 * Adds N(0, std²) to every RGB byte. Samples come from a 4096-entry table of normal quantiles
 * indexed by a raw sfc32 stream: 30x cheaper than Box-Muller, and as seeded.
 */
function addNoise(data: Uint8Array, std: number, seed: number): void {
  const rng = makeRng(seed);
  const word = () => (rng.next() * 4294967296) >>> 0;
  const next = sfc32(word(), word(), word(), 1);
  const clamped = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  for (let i = 0; i < data.length; i++) {
    if ((i & 3) === 3) continue;
    clamped[i] = data[i] + std * QUANTILES[next() >>> 20];
  }
}

/** Standard normal quantiles at the midpoints of n equal-probability bins. */
function normalQuantiles(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
}

/**
 * Image similarity for open-loop evaluation: PSNR and SSIM between two RGB byte images of the same
 * size (HWC, 3 channels, values 0..255).
 */

/** Peak signal-to-noise ratio in dB over all channels; Infinity for identical images. */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  sameLength(a, b, "psnr");
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    sum += d * d;
  }
  const mse = sum / a.length;
  return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse);
}

/**
 * Mean structural similarity (Wang et al. 2004) of two RGB images: an 8x8 sliding window with unit
 * stride, uniform weights (as scikit-image's default), K1 = 0.01, K2 = 0.03, on each channel,
 * averaged over windows and channels. 1 for identical images.
 */
export function ssim(a: Uint8Array, b: Uint8Array, width: number, height: number, win = 8): number {
  sameLength(a, b, "ssim");
  if (a.length !== width * height * 3) throw new Error(`ssim: expected ${width}x${height}x3 = ${width * height * 3} bytes, got ${a.length}`);
  if (width < win || height < win) throw new Error(`ssim: images (${width}x${height}) are smaller than the ${win}x${win} window`);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const n = win * win;
  const cov = n / (n - 1); // sample covariance, as scikit-image
  let total = 0;
  let count = 0;
  for (let c = 0; c < 3; c++) {
    // Integral images of x, y, x², y², xy make every window sum O(1).
    const w1 = width + 1;
    const sx = new Float64Array(w1 * (height + 1));
    const sy = new Float64Array(sx.length);
    const sxx = new Float64Array(sx.length);
    const syy = new Float64Array(sx.length);
    const sxy = new Float64Array(sx.length);
    for (let r = 0; r < height; r++) {
      for (let q = 0; q < width; q++) {
        const x = a[(r * width + q) * 3 + c];
        const y = b[(r * width + q) * 3 + c];
        const i = (r + 1) * w1 + q + 1;
        const up = i - w1;
        sx[i] = x + sx[i - 1] + sx[up] - sx[up - 1];
        sy[i] = y + sy[i - 1] + sy[up] - sy[up - 1];
        sxx[i] = x * x + sxx[i - 1] + sxx[up] - sxx[up - 1];
        syy[i] = y * y + syy[i - 1] + syy[up] - syy[up - 1];
        sxy[i] = x * y + sxy[i - 1] + sxy[up] - sxy[up - 1];
      }
    }
    const box = (s: Float64Array, r: number, q: number) => s[(r + win) * w1 + q + win] - s[r * w1 + q + win] - s[(r + win) * w1 + q] + s[r * w1 + q];
    for (let r = 0; r + win <= height; r++) {
      for (let q = 0; q + win <= width; q++) {
        const mx = box(sx, r, q) / n;
        const my = box(sy, r, q) / n;
        const vx = (box(sxx, r, q) / n - mx * mx) * cov;
        const vy = (box(syy, r, q) / n - my * my) * cov;
        const vxy = (box(sxy, r, q) / n - mx * my) * cov;
        total += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        count++;
      }
    }
  }
  return total / count;
}

function sameLength(a: Uint8Array, b: Uint8Array, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: images differ in size (${a.length} vs ${b.length} bytes)`);
}

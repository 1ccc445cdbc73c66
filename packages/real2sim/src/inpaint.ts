/**
 * Stage 5, the background: the frame with the objects removed, by push-pull inpainting. Known
 * pixels are averaged down an image pyramid; holes are filled from the coarsest level that has
 * data and blended back up, which gives smooth fills in a few milliseconds.
 */
import type { RgbImage } from "@gauntlet/core";

/** Dilates a 0/1 mask by `radius` pixels (square neighbourhood). */
export function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  let cur = mask;
  for (let r = 0; r < radius; r++) {
    const next = cur.slice();
    for (let v = 0; v < height; v++) {
      for (let u = 0; u < width; u++) {
        const i = v * width + u;
        if (cur[i]) continue;
        if ((u > 0 && cur[i - 1]) || (u < width - 1 && cur[i + 1]) || (v > 0 && cur[i - width]) || (v < height - 1 && cur[i + width])) next[i] = 1;
      }
    }
    cur = next;
  }
  return cur;
}

/** The image with the `hole` pixels (1 = unknown) filled from their surroundings. */
export function inpaint(image: RgbImage, hole: Uint8Array): RgbImage {
  const { width, height } = image;
  // Level 0: premultiplied colour and weight.
  const levels: { w: number; h: number; c: Float32Array; a: Float32Array }[] = [];
  const c0 = new Float32Array(width * height * 3);
  const a0 = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    if (hole[i]) continue;
    a0[i] = 1;
    for (let ch = 0; ch < 3; ch++) c0[3 * i + ch] = image.data[4 * i + ch];
  }
  levels.push({ w: width, h: height, c: c0, a: a0 });
  while (levels[levels.length - 1].w > 1 || levels[levels.length - 1].h > 1) {
    const prev = levels[levels.length - 1];
    const w = Math.ceil(prev.w / 2);
    const h = Math.ceil(prev.h / 2);
    const c = new Float32Array(w * h * 3);
    const a = new Float32Array(w * h);
    for (let v = 0; v < prev.h; v++) {
      for (let u = 0; u < prev.w; u++) {
        const i = v * prev.w + u;
        const j = (v >> 1) * w + (u >> 1);
        a[j] += prev.a[i];
        for (let ch = 0; ch < 3; ch++) c[3 * j + ch] += prev.c[3 * i + ch];
      }
    }
    levels.push({ w, h, c, a });
  }
  // Pull: fill each level's missing weight from the level above, interpolated bilinearly so fills are smooth.
  for (let l = levels.length - 2; l >= 0; l--) {
    const lv = levels[l];
    const up = levels[l + 1];
    const mean = (x: number, y: number, ch: number) => {
      const j = Math.min(up.h - 1, Math.max(0, y)) * up.w + Math.min(up.w - 1, Math.max(0, x));
      return up.a[j] > 0 ? up.c[3 * j + ch] / up.a[j] : 0;
    };
    for (let v = 0; v < lv.h; v++) {
      for (let u = 0; u < lv.w; u++) {
        const i = v * lv.w + u;
        const need = 1 - Math.min(1, lv.a[i]);
        if (need <= 0) continue;
        const x = (u + 0.5) / 2 - 0.5;
        const y = (v + 0.5) / 2 - 0.5;
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const fx = x - x0;
        const fy = y - y0;
        for (let ch = 0; ch < 3; ch++) {
          const top = (1 - fx) * mean(x0, y0, ch) + fx * mean(x0 + 1, y0, ch);
          const bottom = (1 - fx) * mean(x0, y0 + 1, ch) + fx * mean(x0 + 1, y0 + 1, ch);
          lv.c[3 * i + ch] += need * ((1 - fy) * top + fy * bottom);
        }
        lv.a[i] += need;
      }
    }
  }
  const data = new Uint8Array(image.data);
  for (let i = 0; i < width * height; i++) {
    if (!hole[i] || a0[i] <= 0) continue;
    for (let ch = 0; ch < 3; ch++) data[4 * i + ch] = Math.round(c0[3 * i + ch] / a0[i]);
    data[4 * i + 3] = 255;
  }
  return { width, height, data };
}

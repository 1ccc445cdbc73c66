/**
 * Stage 4, appearance: an object's dominant colour is the centre of the largest of three
 * k-means clusters of its pixels, so shadows and highlights on some faces do not pull it.
 */
import type { RgbImage } from "@gauntlet/core";

/** Dominant colour of the pixels and how much of the object it covers. */
export interface Appearance {
  color: [number, number, number];
  /** Share of the pixels in the dominant cluster. */
  share: number;
  /** RMS distance of all pixels to their cluster centre, 0..255: high means textured. */
  spread: number;
}

/** The dominant colour of `pixels` (indices into the image). */
export function dominantColour(image: RgbImage, pixels: Int32Array, k = 3): Appearance {
  const n = pixels.length;
  if (n === 0) return { color: [204, 204, 204], share: 0, spread: 0 };
  const px = (i: number, c: number) => image.data[4 * pixels[i] + c];
  // Deterministic farthest-point start: the median-brightness pixel, then each pixel farthest from the centres so far.
  const dist2 = (i: number, c: number[]) => (px(i, 0) - c[0]) ** 2 + (px(i, 1) - c[1]) ** 2 + (px(i, 2) - c[2]) ** 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => px(a, 0) + px(a, 1) + px(a, 2) - (px(b, 0) + px(b, 1) + px(b, 2)));
  const first = order[Math.floor(n / 2)];
  let centres = [[px(first, 0), px(first, 1), px(first, 2)]];
  while (centres.length < k) {
    let far = 0;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      const d = Math.min(...centres.map((c) => dist2(i, c)));
      if (d > farD) {
        farD = d;
        far = i;
      }
    }
    centres.push([px(far, 0), px(far, 1), px(far, 2)]);
  }
  const assign = new Int32Array(n);
  for (let it = 0; it < 10; it++) {
    const sums = centres.map(() => [0, 0, 0, 0]);
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const d = dist2(i, centres[c]);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      assign[i] = best;
      for (let ch = 0; ch < 3; ch++) sums[best][ch] += px(i, ch);
      sums[best][3]++;
    }
    centres = sums.map((s, c) => (s[3] ? [s[0] / s[3], s[1] / s[3], s[2] / s[3]] : centres[c]));
  }
  const counts = centres.map(() => 0);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    counts[assign[i]]++;
    sq += dist2(i, centres[assign[i]]);
  }
  const best = counts.indexOf(Math.max(...counts));
  const color = centres[best].map((v) => Math.round(v)) as [number, number, number];
  return { color, share: counts[best] / n, spread: Math.sqrt(sq / n / 3) };
}

/** #rrggbb of an RGB triple. */
export function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, "0")).join("")}`;
}

/** A plain colour name for an RGB triple (for object ids and instructions). */
export function colourName(rgb: readonly number[]): string {
  const [r, g, b] = rgb.map((v) => v / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const sat = max > 0 ? (max - min) / max : 0;
  if (max < 0.2) return "black";
  if (sat < 0.22) return max > 0.8 ? "white" : "grey";
  let hue = 0;
  if (max === r) hue = ((g - b) / (max - min) + 6) % 6;
  else if (max === g) hue = (b - r) / (max - min) + 2;
  else hue = (r - g) / (max - min) + 4;
  hue *= 60;
  if (hue < 15 || hue >= 340) return max < 0.55 ? "brown" : "red";
  if (hue < 36) return max < 0.6 ? "brown" : "orange";
  if (hue < 70) return "yellow";
  if (hue < 165) return "green";
  if (hue < 200) return "cyan";
  if (hue < 255) return "blue";
  if (hue < 290) return "purple";
  return "pink";
}

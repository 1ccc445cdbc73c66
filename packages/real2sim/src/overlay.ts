/** The overlay image: the real frame with the outlines of the rendered (fitted) objects drawn on it. */
import type { RgbImage } from "@gauntlet/core";

/** Outline colours, one per object in turn: bright and unlike tabletop colours. */
const OUTLINE: [number, number, number][] = [
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 0],
  [255, 64, 64],
  [64, 255, 64],
  [80, 120, 255],
  [255, 255, 255],
];

/** Draws 2-pixel outlines of every label region (k + 1 = object k) over a copy of the frame. */
export function drawOutlines(frame: RgbImage, labels: Int32Array): RgbImage {
  const { width, height } = frame;
  const data = new Uint8Array(frame.data);
  const paint = (i: number, l: number) => {
    const c = OUTLINE[(l - 1) % OUTLINE.length];
    data.set(c, 4 * i);
    data[4 * i + 3] = 255;
  };
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const i = v * width + u;
      const l = labels[i];
      if (!l) continue;
      const edge = u === 0 || v === 0 || u === width - 1 || v === height - 1 || labels[i - 1] !== l || labels[i + 1] !== l || labels[i - width] !== l || labels[i + width] !== l;
      if (!edge) continue;
      paint(i, l);
      if (u + 1 < width && labels[i + 1] === l) paint(i + 1, l);
      if (v + 1 < height && labels[i + width] === l) paint(i + width, l);
      if (u > 0 && labels[i - 1] === l) paint(i - 1, l);
      if (v > 0 && labels[i - width] === l) paint(i - width, l);
    }
  }
  return { width, height, data };
}

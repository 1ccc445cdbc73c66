/**
 * Colour segmentation: the largest 4-connected blob of pixels inside a colour window. Taking
 * the largest component, not every matching pixel, keeps stray edge pixels (where a face
 * blends into the table) and other same-coloured clutter from dragging the centroid.
 */
import type { RgbImage } from "@gauntlet/core";
import { type ColourWindow, matchesColour } from "./colours";

/** One connected blob of a colour in an image. */
export interface Blob {
  /** Number of pixels. */
  count: number;
  /** Centroid in pixel coordinates (u right, v down; pixel centres at +0.5). */
  u: number;
  v: number;
  /** Pixel indices (v * width + u) of the blob. */
  pixels: Int32Array;
  /** The blob reaches the image border, so part of the object may lie outside the view. */
  touchesBorder: boolean;
  /** Blob pixels next to a dark grey pixel (the robot is dark grey): a sign the arm hides part of the object. */
  darkEdge: number;
}

/** Dark and nearly grey: the arm and the finger pads, never a lit or shaded object face. */
function isDark(data: Uint8Array, i: number): boolean {
  const r = data[4 * i];
  const g = data[4 * i + 1];
  const b = data[4 * i + 2];
  const max = Math.max(r, g, b);
  return max < 64 && max - Math.min(r, g, b) < 0.35 * max + 4;
}

/**
 * Finds the largest blob of `window`'s colour with at least `minPixels` pixels, or null.
 * `keep(u, v)`, when given, restricts the search to a region of interest.
 */
export function segmentColour(image: RgbImage, window: ColourWindow, minPixels = 4, keep?: (u: number, v: number) => boolean): Blob | null {
  const { width, height, data } = image;
  const n = width * height;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = i % width;
    const v = (i - u) / width;
    if (matchesColour(data[4 * i], data[4 * i + 1], data[4 * i + 2], window) && (!keep || keep(u + 0.5, v + 0.5))) mask[i] = 1;
  }
  const label = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let best: Int32Array | null = null;
  for (let seed = 0; seed < n; seed++) {
    if (!mask[seed] || label[seed] >= 0) continue;
    let top = 0;
    let size = 0;
    const members: number[] = [];
    stack[top++] = seed;
    label[seed] = seed;
    while (top > 0) {
      const i = stack[--top];
      members.push(i);
      size++;
      const u = i % width;
      for (const j of [i - width, i + width, u > 0 ? i - 1 : -1, u < width - 1 ? i + 1 : -1]) {
        if (j >= 0 && j < n && mask[j] && label[j] < 0) {
          label[j] = seed;
          stack[top++] = j;
        }
      }
    }
    if (size >= minPixels && (!best || size > best.length)) best = Int32Array.from(members);
  }
  if (!best) return null;
  let su = 0;
  let sv = 0;
  let touchesBorder = false;
  let darkEdge = 0;
  for (const i of best) {
    const u = i % width;
    const v = (i - u) / width;
    su += u + 0.5;
    sv += v + 0.5;
    if (u === 0 || v === 0 || u === width - 1 || v === height - 1) touchesBorder = true;
    else if (isDark(data, i - 1) || isDark(data, i + 1) || isDark(data, i - width) || isDark(data, i + width)) darkEdge++;
  }
  return { count: best.length, u: su / best.length, v: sv / best.length, pixels: best, touchesBorder, darkEdge };
}

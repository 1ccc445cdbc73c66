/** Stage 2's common currency: object segments as pixel lists, and 8-connected component labelling. */

/** One object's pixels in the frame. */
export interface Segment {
  /** Pixel indices (v * width + u). */
  pixels: Int32Array;
  /** The segment reaches the image border, so part of the object may lie outside the view. */
  touchesBorder: boolean;
}

/** A segmentation of a width x height frame. */
export interface Segmentation {
  width: number;
  height: number;
  segments: Segment[];
  /** Why candidate regions were dropped (too small, cut by the border, ...), for the report. */
  dropped: string[];
  /** Regions that are neither objects nor background (the arm): removed from the backdrop too. */
  removed?: Int32Array[];
}

/**
 * 8-connected components of `mask`; `joins(i, j)` may veto a link between neighbouring pixels
 * (e.g. across a depth jump). Returns pixel lists, largest first.
 */
export function connectedComponents(mask: Uint8Array, width: number, height: number, joins?: (i: number, j: number) => boolean): Int32Array[] {
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  const out: Int32Array[] = [];
  const members: number[] = [];
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || seen[seed]) continue;
    members.length = 0;
    let top = 0;
    stack[top++] = seed;
    seen[seed] = 1;
    while (top > 0) {
      const i = stack[--top];
      members.push(i);
      const u = i % width;
      const v = (i - u) / width;
      for (let dv = -1; dv <= 1; dv++) {
        const vv = v + dv;
        if (vv < 0 || vv >= height) continue;
        for (let du = -1; du <= 1; du++) {
          const uu = u + du;
          if ((du === 0 && dv === 0) || uu < 0 || uu >= width) continue;
          const j = vv * width + uu;
          if (!mask[j] || seen[j] || (joins && !joins(i, j))) continue;
          seen[j] = 1;
          stack[top++] = j;
        }
      }
    }
    out.push(Int32Array.from(members));
  }
  return out.sort((a, b) => b.length - a.length);
}

/** True when any pixel lies in the outer `margin` pixels of the frame. */
export function touchesBorder(pixels: Int32Array, width: number, height: number, margin = 1): boolean {
  for (const i of pixels) {
    const u = i % width;
    const v = (i - u) / width;
    if (u < margin || v < margin || u >= width - margin || v >= height - margin) return true;
  }
  return false;
}

/** A per-pixel label image (0 = none, k + 1 = segments[k]). */
export function labelImage(seg: Segmentation): Int32Array {
  const labels = new Int32Array(seg.width * seg.height);
  seg.segments.forEach((s, k) => {
    for (const i of s.pixels) labels[i] = k + 1;
  });
  return labels;
}

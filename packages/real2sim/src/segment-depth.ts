/**
 * Stage 2 for RGB-D: objects are 8-connected clusters of pixels standing above the table plane,
 * split where depth jumps. Each cluster is then grown over the low rim near the table and the
 * depth holes inside it, so that its mask is the object's whole silhouette.
 */
import type { Intrinsics } from "./camera";
import type { DepthImage } from "./image-io";
import { type Segmentation, connectedComponents, touchesBorder } from "./segments";
import type { Plane } from "./table-plane";

/** Options of segmentDepth. */
export interface DepthSegmentOptions {
  /** Pixels higher than this above the plane seed objects, m (about 3x the depth noise at the table). */
  minHeight?: number;
  /** Clusters with fewer pixels are noise. Default: 0.01% of the frame, at least 30. */
  minPixels?: number;
}

/** Height above the plane of every pixel, m; NaN where depth is missing. */
export function heightMap(depth: DepthImage, k: Intrinsics, plane: Plane): Float32Array {
  const out = new Float32Array(depth.width * depth.height);
  const [nx, ny, nz] = plane.normal;
  for (let v = 0; v < depth.height; v++) {
    for (let u = 0; u < depth.width; u++) {
      const i = v * depth.width + u;
      const z = depth.data[i];
      out[i] = z > 0 ? nx * ((u + 0.5 - k.cx) / k.fx) * z + ny * ((v + 0.5 - k.cy) / k.fy) * z + nz * z + plane.offset : Number.NaN;
    }
  }
  return out;
}

/** Segments objects above the table plane in a depth image. */
export function segmentDepth(depth: DepthImage, k: Intrinsics, plane: Plane, opts: DepthSegmentOptions = {}): Segmentation & { heights: Float32Array } {
  const { width, height } = depth;
  const n = width * height;
  const minHeight = opts.minHeight ?? 0.006;
  const minPixels = opts.minPixels ?? Math.max(30, Math.round(1e-4 * n));
  const heights = heightMap(depth, k, plane);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (heights[i] > minHeight) mask[i] = 1;
  const joins = (i: number, j: number) => Math.abs(depth.data[i] - depth.data[j]) < 0.015 + 0.02 * depth.data[i];
  const dropped: string[] = [];
  const kept = connectedComponents(mask, width, height, joins).filter((px) => {
    if (px.length >= minPixels) return true;
    if (px.length >= minPixels / 4) dropped.push(`a ${px.length}-pixel cluster above the table (fewer than ${minPixels} pixels)`);
    return false;
  });
  const labels = new Int32Array(n);
  kept.forEach((px, s) => {
    for (const i of px) labels[i] = s + 1;
  });
  growLabels(labels, width, height, (i) => !(heights[i] <= 0.002), 3);
  const grown = kept.map(() => [] as number[]);
  for (let i = 0; i < n; i++) if (labels[i] > 0) grown[labels[i] - 1].push(i);
  const segments = grown.map((px) => {
    const pixels = Int32Array.from(px);
    return { pixels, touchesBorder: touchesBorder(pixels, width, height) };
  });
  return { width, height, segments, dropped, heights };
}

/**
 * Grows labels into unlabelled neighbours that `accept` (a pixel slightly above the table, or one
 * with no depth), `passes` times, so rims and holes join the object they border.
 */
function growLabels(labels: Int32Array, width: number, height: number, accept: (i: number) => boolean, passes: number): void {
  for (let pass = 0; pass < passes; pass++) {
    const next = labels.slice();
    for (let v = 1; v < height - 1; v++) {
      for (let u = 1; u < width - 1; u++) {
        const i = v * width + u;
        if (labels[i] || !accept(i)) continue;
        const l = labels[i - 1] || labels[i + 1] || labels[i - width] || labels[i + width];
        if (l) next[i] = l;
      }
    }
    labels.set(next);
  }
}

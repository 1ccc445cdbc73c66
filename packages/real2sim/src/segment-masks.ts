/** Stage 2 from given instance masks: one segment per non-zero label. */
import type { LabelImage } from "./image-io";
import { type Segmentation, touchesBorder } from "./segments";

/** Segments from a label image; labels with fewer than `minPixels` pixels are reported as dropped. */
export function segmentFromMasks(masks: LabelImage, minPixels = 20): Segmentation {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < masks.data.length; i++) {
    const l = masks.data[i];
    if (l === 0) continue;
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  }
  const dropped: string[] = [];
  const segments = [...byLabel.entries()]
    .sort((a, b) => a[0] - b[0])
    .filter(([label, px]) => {
      if (px.length >= minPixels) return true;
      dropped.push(`mask label ${label}: ${px.length} pixels (fewer than ${minPixels})`);
      return false;
    })
    .map(([, px]) => {
      const pixels = Int32Array.from(px);
      return { pixels, touchesBorder: touchesBorder(pixels, masks.width, masks.height) };
    });
  return { width: masks.width, height: masks.height, segments, dropped };
}

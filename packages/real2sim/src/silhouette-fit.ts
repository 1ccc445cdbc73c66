/**
 * Stage 3 for calibrated RGB: with no depth, an object's primitive is found from its silhouette.
 * A first guess rests on the table under the mask's centroid, sized from the mask's width at that
 * distance; render-and-compare (refine.ts) then fits position, yaw and size for a box and a
 * cylinder, and the type with the better silhouette IoU is kept (1 - IoU is its residual).
 */
import type { Vec3 } from "@gauntlet/core";
import { type CameraModel, backProjectToPlane } from "./camera";
import type { LabelRenderer } from "./id-render";
import type { Primitive, PrimitiveType } from "./primitive";
import { refinePrimitives } from "./refine";
import type { Segmentation } from "./segments";

/** A primitive fitted to a silhouette, the residual (1 - IoU) of each candidate type, and the IoU of its first guess. */
export interface SilhouetteFit {
  primitive: Primitive;
  residuals: Partial<Record<PrimitiveType, number>>;
  unit: "1-IoU";
  firstIou: number;
}

/** A resting primitive of `type` whose projection roughly covers the mask `pixels`. */
export function guessFromSilhouette(pixels: Int32Array, camera: CameraModel, tableHeight: number, type: PrimitiveType): Primitive {
  const width = camera.width;
  let su = 0;
  let sv = 0;
  let uMin = Number.POSITIVE_INFINITY;
  let uMax = Number.NEGATIVE_INFINITY;
  for (const i of pixels) {
    const u = i % width;
    su += u + 0.5;
    sv += (i - u) / width + 0.5;
    uMin = Math.min(uMin, u);
    uMax = Math.max(uMax, u + 1);
  }
  const cu = su / pixels.length;
  const cv = sv / pixels.length;
  let side = 0.04;
  let centre: Vec3 = [0, 0, tableHeight + side / 2];
  for (let it = 0; it < 4; it++) {
    const p = backProjectToPlane(camera, cu, cv, tableHeight + side / 2);
    if (!p) throw new Error(`a mask centred at pixel (${cu.toFixed(0)}, ${cv.toFixed(0)}) does not look at the table`);
    centre = p;
    const d = Math.hypot(p[0] - camera.pose.position[0], p[1] - camera.pose.position[1], p[2] - camera.pose.position[2]);
    // A box seen obliquely spans about 1.2 of its side; a cylinder its diameter.
    side = ((uMax - uMin) * d) / camera.intrinsics.fx / (type === "box" ? 1.2 : 1);
  }
  if (type === "box") return { type, center: [centre[0], centre[1], tableHeight + side / 2], yaw: 0, size: [side, side, side] };
  if (type === "cylinder") return { type, center: [centre[0], centre[1], tableHeight + side / 2], yaw: 0, size: [side / 2, side] };
  return { type, center: [centre[0], centre[1], tableHeight + side / 2], yaw: 0, size: [side / 2] };
}

/** How much better (silhouette IoU) a cylinder must fit than a box to be chosen from colour alone. */
const BOX_PREFERENCE = 0.02;

/** For colour-only input: the better of a refined box and a refined cylinder per segment, by silhouette IoU. */
export async function fitFromSilhouettes(seg: Segmentation, camera: CameraModel, tableHeight: number, labels: LabelRenderer, observed: Int32Array): Promise<{ fits: SilhouetteFit[]; renders: number }> {
  let renders = 0;
  const candidates: { type: PrimitiveType; prims: Primitive[]; iou: number[]; first: number[] }[] = [];
  for (const type of ["box", "cylinder"] as PrimitiveType[]) {
    let prims = seg.segments.map((s) => guessFromSilhouette(s.pixels, camera, tableHeight, type));
    if (type === "box") {
      // Yaw is the one parameter a local search cannot find from far away: start each box from the best of four.
      let best = prims.map(() => -1);
      let bestPrims = prims;
      for (const yaw of [0, Math.PI / 8, Math.PI / 4, (3 * Math.PI) / 8]) {
        const trial = prims.map((p) => ({ ...p, yaw }));
        const r = await refinePrimitives(trial, observed, labels, tableHeight, { maxSweeps: 0 });
        renders++;
        bestPrims = bestPrims.map((p, k) => (r.iouBefore[k] > best[k] ? trial[k] : p));
        best = best.map((b, k) => Math.max(b, r.iouBefore[k]));
      }
      prims = bestPrims;
    }
    const r = await refinePrimitives(prims, observed, labels, tableHeight, { maxSweeps: 10, step: { position: 0.01, yaw: 0.1, size: 0.15 } });
    renders += r.renders;
    candidates.push({ type, prims: r.primitives, iou: r.iouAfter, first: r.iouBefore });
  }
  const fits = seg.segments.map((_, k) => {
    // A box is the default (stackable, graspable); another shape must explain the silhouette clearly better.
    const best = candidates.reduce((a, b) => (b.iou[k] > a.iou[k] + BOX_PREFERENCE ? b : a));
    const residuals: SilhouetteFit["residuals"] = {};
    for (const c of candidates) residuals[c.type] = 1 - c.iou[k];
    return { primitive: best.prims[k], residuals, unit: "1-IoU" as const, firstIou: best.first[k] };
  });
  return { fits, renders };
}

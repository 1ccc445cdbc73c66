/**
 * Stage 6, render-and-compare: adjust each primitive's position, yaw and size so that its
 * silhouette, rendered by the simulator's renderer, overlaps the observed mask best (IoU).
 * A pattern search: each sweep tries +step and -step on every parameter, for all objects in
 * the same render (objects are scored independently), and halves an object's steps when a
 * sweep finds nothing better. Objects stay upright and resting on the table.
 */
import { type Crop, type LabelRenderer, labelIous } from "./id-render";
import { type Primitive, canonicalYaw, primitiveHeight } from "./primitive";

/** Options of refinePrimitives. */
export interface RefineOptions {
  /** Upper bound on sweeps over all parameters. */
  maxSweeps?: number;
  /** First step sizes: position (m), yaw (rad), size (relative). */
  step?: { position: number; yaw: number; size: number };
  /** Stop refining an object once its position step falls below this, m. */
  minPositionStep?: number;
}

/** Refined primitives with their silhouette IoU before and after, and how many renders it took. */
export interface RefineResult {
  primitives: Primitive[];
  iouBefore: number[];
  iouAfter: number[];
  renders: number;
}

type Param = "x" | "y" | "yaw" | "s0" | "s1" | "s2";
const PARAMS: Param[] = ["x", "y", "yaw", "s0", "s1", "s2"];

function has(p: Primitive, k: Param): boolean {
  if (k === "yaw") return p.type === "box";
  if (k === "s1") return p.type !== "sphere";
  if (k === "s2") return p.type === "box";
  return true;
}

/** The primitive with parameter k moved by `delta` (sizes scale by 1 + delta), still resting at `tableHeight`. */
function perturb(p: Primitive, k: Param, delta: number, tableHeight: number): Primitive {
  const q: Primitive = { ...p, center: [...p.center], size: [...p.size] };
  if (k === "x") q.center[0] += delta;
  else if (k === "y") q.center[1] += delta;
  else if (k === "yaw") q.yaw += delta;
  else q.size[Number(k[1])] *= 1 + delta;
  q.center[2] = tableHeight + primitiveHeight(q) / 2;
  return canonicalYaw(q);
}

/** Refines primitives against observed labels (k + 1 = prims[k]) at the label renderer's resolution. */
export async function refinePrimitives(prims: Primitive[], observed: Int32Array, labels: LabelRenderer, tableHeight: number, opts: RefineOptions = {}): Promise<RefineResult> {
  const step0 = opts.step ?? { position: 0.004, yaw: 0.08, size: 0.08 };
  const minStep = opts.minPositionStep ?? 0.0005;
  const n = prims.length;
  const crop = cropAround(observed, labels.view.width, labels.view.height);
  const seen = cropLabels(observed, labels.view.width, crop);
  const render = (p: Primitive[]) => labels.render(p, crop);
  const current = prims.map((p) => ({ ...p, center: [...p.center] as Primitive["center"], size: [...p.size] }));
  let renders = 1;
  const iouBefore = labelIous(await render(current), seen, n);
  const iou = [...iouBefore];
  const scale = current.map(() => 1);
  const active = current.map(() => n > 0);
  const stepOf = (k: Param, o: number) => scale[o] * (k === "x" || k === "y" ? step0.position : k === "yaw" ? step0.yaw : step0.size);
  for (let sweep = 0; sweep < (opts.maxSweeps ?? 8) && active.some(Boolean); sweep++) {
    const improved = current.map(() => false);
    for (const k of PARAMS) {
      for (const sign of [1, -1]) {
        const movers = current.map((p, o) => active[o] && has(p, k));
        if (!movers.some(Boolean)) continue;
        const trial = current.map((p, o) => (movers[o] ? perturb(p, k, sign * stepOf(k, o), tableHeight) : p));
        const scores = labelIous(await render(trial), seen, n);
        renders++;
        for (let o = 0; o < n; o++) {
          if (movers[o] && scores[o] > iou[o] + 1e-5) {
            current[o] = trial[o];
            iou[o] = scores[o];
            improved[o] = true;
          }
        }
      }
    }
    for (let o = 0; o < n; o++) {
      if (improved[o]) continue;
      scale[o] /= 2;
      if (scale[o] * step0.position < minStep) active[o] = false;
    }
  }
  return { primitives: current, iouBefore, iouAfter: iou, renders };
}

/** The observed objects' bounding box with a margin of a quarter of its size (at least 8 pixels) for growth. */
export function cropAround(observed: Int32Array, width: number, height: number): Crop {
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  for (let i = 0; i < observed.length; i++) {
    if (!observed[i]) continue;
    const x = i % width;
    const y = (i - x) / width;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  if (x1 <= x0) return { x: 0, y: 0, width, height };
  const mx = Math.max(8, Math.round((x1 - x0) / 4));
  const my = Math.max(8, Math.round((y1 - y0) / 4));
  const x = Math.max(0, x0 - mx);
  const y = Math.max(0, y0 - my);
  return { x, y, width: Math.min(width, x1 + mx) - x, height: Math.min(height, y1 + my) - y };
}

function cropLabels(labels: Int32Array, width: number, crop: Crop): Int32Array {
  const out = new Int32Array(crop.width * crop.height);
  for (let y = 0; y < crop.height; y++) out.set(labels.subarray((crop.y + y) * width + crop.x, (crop.y + y) * width + crop.x + crop.width), y * crop.width);
  return out;
}

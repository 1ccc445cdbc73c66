/**
 * Scores a translation of a synthetic frame against its truth: objects are matched by position
 * (after mapping the output's world frame onto the truth's through the camera, which both share),
 * then position error, relative size error and silhouette IoU are measured per object.
 */
import type { Pose, Vec3 } from "@gauntlet/core";
import { composePose, distance, invertPose } from "@gauntlet/core";
import type { OffscreenRenderer } from "@gauntlet/sim/render";
import { LabelRenderer } from "./id-render";
import { type Primitive, primitiveHeight } from "./primitive";
import type { SyntheticFrame } from "./synthetic";
import type { Real2SimResult } from "./translate";

/** How well a translation recovered the truth. */
export interface RoundTripScore {
  truthCount: number;
  foundCount: number;
  /** Per matched truth object: centre distance, m. */
  positionErrors: number[];
  /** Per matched truth object: mean relative error of the size parameters. */
  sizeErrors: number[];
  /** Per matched truth object: IoU of the fitted object's rendered silhouette with the true one (full resolution). */
  ious: number[];
  /** Matched objects whose primitive type is right. */
  typesRight: number;
}

/** Scores `result` against the synthetic frame it was translated from. */
export async function scoreRoundTrip(frame: SyntheticFrame, result: Real2SimResult, renderer: OffscreenRenderer): Promise<RoundTripScore> {
  // Both cameras are the same physical camera: truth <- camera <- output.
  const toTruth: Pose = composePose(frame.camera.pose, invertPose(result.camera.pose));
  const fitted = result.scene.objects.map((o) => {
    const pose = composePose(toTruth, { position: o.pose.position as Vec3, quaternion: (o.pose.quaternion ?? [0, 0, 0, 1]) as Pose["quaternion"] });
    return { type: o.type, size: [...o.size], center: pose.position } as { type: Primitive["type"]; size: number[]; center: Vec3 };
  });
  const prims = result.scene.objects.map((o) => ({ type: o.type, center: o.pose.position as Vec3, yaw: 0, size: [...o.size], quaternion: o.pose.quaternion }));
  const labels = await new LabelRenderer(renderer, result.camera).render(prims.map((p) => ({ ...p, yaw: yawOf(p.quaternion) })));
  const score: RoundTripScore = { truthCount: frame.truth.length, foundCount: fitted.length, positionErrors: [], sizeErrors: [], ious: [], typesRight: 0 };
  const taken = new Set<number>();
  frame.truth.forEach((t, k) => {
    let best = -1;
    for (let f = 0; f < fitted.length; f++) {
      if (taken.has(f)) continue;
      if (best < 0 || distance(fitted[f].center, t.center) < distance(fitted[best].center, t.center)) best = f;
    }
    if (best < 0 || distance(fitted[best].center, t.center) > 0.05) return;
    taken.add(best);
    score.positionErrors.push(distance(fitted[best].center, t.center));
    score.sizeErrors.push(sizeError(t, fitted[best]));
    if (fitted[best].type === t.type) score.typesRight++;
    let inter = 0;
    let union = 0;
    for (let i = 0; i < labels.length; i++) {
      const a = frame.labels[i] === k + 1;
      const b = labels[i] === best + 1;
      if (a && b) inter++;
      if (a || b) union++;
    }
    score.ious.push(union ? inter / union : 0);
  });
  return score;
}

function yawOf(q: readonly number[] | undefined): number {
  if (!q) return 0;
  return 2 * Math.atan2(q[2], q[3]);
}

/** Mean relative error of the size parameters; box footprints compared in the better of the two orders, other mixes by bounding extents. */
function sizeError(truth: Primitive, fit: { type: Primitive["type"]; size: number[] }): number {
  const rel = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(b[i] - v) / v, 0) / a.length;
  if (truth.type === fit.type) {
    if (truth.type !== "box") return rel(truth.size, fit.size);
    const [x, y, z] = fit.size;
    return Math.min(rel(truth.size, [x, y, z]), rel(truth.size, [y, x, z]));
  }
  const extents = (p: { type: Primitive["type"]; size: number[] }) => {
    const h = primitiveHeight({ type: p.type, size: p.size, center: [0, 0, 0], yaw: 0 });
    return p.type === "box" ? [Math.max(p.size[0], p.size[1]), Math.min(p.size[0], p.size[1]), h] : [2 * p.size[0], 2 * p.size[0], h];
  };
  return rel(extents(truth), extents(fit));
}

/**
 * From a colour blob to an object pose on the table: back-project the blob's pixels onto the
 * object's horizontal planes through a calibrated camera. The centroid goes onto the plane
 * through the object's centre (table height + half its height), which is where the centroid of
 * a box's silhouette (top plus visible sides) lands. The yaw of a square-footprint object
 * comes from the brightest pixels (the top face, which faces the overhead light) back-projected
 * onto the top plane: their second moments give the long axis of an oblong box, and for a
 * square, whose second moments are isotropic, the fourth-order circular moment gives the
 * orientation modulo 90°.
 */
import type { RgbImage, Vec3 } from "@gauntlet/core";
import type { ColourWindow } from "./colours";
import type { PinholeCamera } from "./pinhole";
import { segmentColour } from "./segment";

/** Where an object was seen, in world coordinates. */
export interface Sighting {
  /** Estimated centre of the object. */
  position: Vec3;
  /** Estimated yaw of a box's faces, folded into [-π/4, π/4]; 0 when unknown. */
  yaw: number;
  /** Centre estimated from the top face alone (the brightest pixels on the top plane), when enough of it shows. */
  topCentre: Vec3 | null;
  /** Blob size in pixels: a measure of how much of the object was visible. */
  pixels: number;
  /** The blob reaches the image border (the object may be cut off). */
  touchesBorder: boolean;
  /** Blob pixels bordering the dark robot: how much of the outline the arm may hide. */
  darkEdge: number;
}

export interface LocateOptions {
  /** World z of the table top. */
  tableZ: number;
  /** Full height of the object, m. */
  height: number;
  /** Keep only pixels whose back-projection onto the centre plane passes this test (a workspace ROI). */
  inRegion?: (x: number, y: number) => boolean;
  minPixels?: number;
}

/** Finds an object of a colour in one camera image; null when it is not seen. */
export function locateObject(image: RgbImage, camera: PinholeCamera, colour: ColourWindow, opts: LocateOptions): Sighting | null {
  const centreZ = opts.tableZ + opts.height / 2;
  const topZ = opts.tableZ + opts.height;
  const inRegion = opts.inRegion;
  const keep = inRegion
    ? (u: number, v: number) => {
        const p = camera.backProject(u, v, centreZ);
        return p !== null && inRegion(p[0], p[1]);
      }
    : undefined;
  const blob = segmentColour(image, colour, opts.minPixels ?? 4, keep);
  if (!blob) return null;
  const centre = camera.backProject(blob.u, blob.v, centreZ);
  if (!centre) return null;
  const top = topFace(image, camera, blob.pixels, topZ);
  const topCentre: Vec3 | null = top ? [top.x, top.y, centreZ] : null;
  return { position: centre, yaw: top?.yaw ?? 0, topCentre, pixels: blob.count, touchesBorder: blob.touchesBorder, darkEdge: blob.darkEdge };
}

/** Centroid and yaw of the top face from the brightest blob pixels projected onto the top plane. */
function topFace(image: RgbImage, camera: PinholeCamera, pixels: Int32Array, topZ: number): { x: number; y: number; yaw: number } | null {
  const value = (i: number) => Math.max(image.data[4 * i], image.data[4 * i + 1], image.data[4 * i + 2]);
  let brightest = 0;
  for (const i of pixels) brightest = Math.max(brightest, value(i));
  const points: [number, number][] = [];
  for (const i of pixels) {
    if (value(i) < 0.88 * brightest) continue;
    const u = i % image.width;
    const p = camera.backProject(u + 0.5, (i - u) / image.width + 0.5, topZ);
    if (p) points.push([p[0], p[1]]);
  }
  if (points.length < 6) return null;
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let re4 = 0;
  let im4 = 0;
  for (const [px, py] of points) {
    const x = px - mx;
    const y = py - my;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    // (x + iy)^4
    const r2 = x * x - y * y;
    const i2 = 2 * x * y;
    re4 += r2 * r2 - i2 * i2;
    im4 += 2 * r2 * i2;
  }
  const anisotropy = Math.hypot(sxx - syy, 2 * sxy) / (sxx + syy || 1);
  // An oblong footprint has a clear long axis; a square one only has its 4-fold pattern, whose
  // fourth moment has phase π + 4·yaw.
  const yaw = anisotropy > 0.25 ? 0.5 * Math.atan2(2 * sxy, sxx - syy) : (Math.atan2(im4, re4) - Math.PI) / 4;
  return { x: mx, y: my, yaw: foldQuarter(yaw) };
}

/** Folds an angle into [-π/4, π/4], the symmetry of a square footprint. */
export function foldQuarter(angle: number): number {
  let a = angle;
  while (a > Math.PI / 4) a -= Math.PI / 2;
  while (a < -Math.PI / 4) a += Math.PI / 2;
  return a;
}

/**
 * Stage 2 for calibrated RGB: objects are regions whose colours the empty scene does not have.
 * A palette of background colours comes from k-means over the empty-scene image when one is
 * given (else over the frame itself, keeping only the clusters that cover much of it); a pixel is
 * foreground when it is far from every palette colour and, with an aligned background image, also
 * differs from the background pixel. Dark grey regions are the arm: they are no object, and they are
 * removed from the backdrop. Regions cut by the image border or too large or small to be a tabletop
 * object are dropped with a reason.
 */
import type { Rng, RgbImage } from "@gauntlet/core";
import { type CameraModel, backProjectToPlane } from "./camera";
import { type Segmentation, connectedComponents, touchesBorder } from "./segments";

/** Options of segmentRgb. */
export interface RgbSegmentOptions {
  /** Colour distance (0..~300) above which a pixel is novel. */
  novelty?: number;
  /** Blurred per-pixel difference against the background image above which a pixel changed. */
  change?: number;
  /** Regions with fewer pixels are noise. Default: 0.1% of the frame. */
  minPixels?: number;
  /** Radius around the optical axis's table point whose colours define the table, m. */
  tableRadius?: number;
  /** Smallest object width on the table, m: marks and specks are narrower. */
  minWidth?: number;
  /** Largest plausible object width on the table, m. */
  maxWidth?: number;
}

type Colour = [number, number, number];
/** Luma below which a colour counts as dark (the arm). */
const DARK_LUMA = 60;

/** Luma and two chroma channels; chroma differences count double, so shadows (luma changes) matter less. */
function features(r: number, g: number, b: number): Colour {
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  return [0.6 * y, 1.2 * (r - y), 1.2 * (b - y)];
}

function dist2(a: Colour, b: Colour): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
}

/** k-means centres of the image's colours (in feature space) over the pixels `keep` accepts, with each centre's share. */
export function colourPalette(image: RgbImage, k: number, rng: Rng, keep: (i: number) => boolean = () => true, sample = 6000): { centres: Colour[]; shares: number[] } {
  const n = image.width * image.height;
  const pts: Colour[] = [];
  for (let s = 0; s < 20 * sample && pts.length < sample; s++) {
    const i = rng.int(0, n - 1);
    if (keep(i)) pts.push(features(image.data[4 * i], image.data[4 * i + 1], image.data[4 * i + 2]));
  }
  if (pts.length < k) throw new Error("segmentRgb: the camera sees too little of the table to learn its colours; check the calibration");
  // k-means++ seeding keeps small distinct colours from being swallowed.
  const centres: Colour[] = [pts[0]];
  while (centres.length < k) {
    const d = pts.map((p) => Math.min(...centres.map((c) => dist2(p, c))));
    let pick = rng.uniform(0, d.reduce((a, b) => a + b, 0));
    let idx = 0;
    for (; idx < d.length - 1; idx++) {
      pick -= d[idx];
      if (pick <= 0) break;
    }
    centres.push(pts[idx]);
  }
  const assign = new Int32Array(pts.length);
  for (let it = 0; it < 12; it++) {
    const sums = centres.map(() => [0, 0, 0, 0]);
    pts.forEach((p, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (dist2(p, centres[c]) < dist2(p, centres[best])) best = c;
      assign[i] = best;
      for (let ch = 0; ch < 3; ch++) sums[best][ch] += p[ch];
      sums[best][3]++;
    });
    sums.forEach((s, c) => {
      if (s[3]) centres[c] = [s[0] / s[3], s[1] / s[3], s[2] / s[3]];
    });
  }
  const shares = centres.map((_, c) => assign.filter((a) => a === c).length / pts.length);
  return { centres, shares };
}

/** Pixels whose ray meets the table plane within `radius` of where the optical axis meets it: the table around the workspace. */
export function tableRegion(camera: CameraModel, tableHeight: number, radius: number): (i: number) => boolean {
  const k = camera.intrinsics;
  const centre = backProjectToPlane(camera, k.cx, k.cy, tableHeight);
  if (!centre) throw new Error("calibration: the camera's optical axis does not meet the table plane; the camera sees no table");
  return (i) => {
    const u = i % camera.width;
    const p = backProjectToPlane(camera, u + 0.5, (i - u) / camera.width + 0.5, tableHeight);
    return p !== null && Math.hypot(p[0] - centre[0], p[1] - centre[1]) <= radius;
  };
}

/** Separable box blur of an RGBA image to RGB floats: a horizontal pass, then a vertical one; edges average what is inside. */
function boxBlur(image: RgbImage, radius: number): Float32Array {
  const rows = blurPass(image.data, 4, image.width, image.height, radius, true);
  return blurPass(rows, 3, image.width, image.height, radius, false);
}

/** One 1-D box pass over an image with `stride` values per pixel (first 3 used), along x or y; returns RGB floats. */
function blurPass(src: ArrayLike<number>, stride: number, width: number, height: number, radius: number, alongX: boolean): Float32Array {
  const out = new Float32Array(width * height * 3);
  const [len, step] = alongX ? [width, 1] : [height, width];
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const at = alongX ? u : v;
      for (let ch = 0; ch < 3; ch++) {
        let s = 0;
        let c = 0;
        for (let d = -radius; d <= radius; d++) {
          if (at + d < 0 || at + d >= len) continue;
          s += src[stride * (v * width + u + d * step) + ch];
          c++;
        }
        out[3 * (v * width + u) + ch] = s / c;
      }
    }
  }
  return out;
}

/**
 * Foreground mask: colours the table does not have (and, with an aligned background image, pixels
 * that changed). The table's colours are the k-means clusters that cover at least 4% of the table region.
 */
export function foregroundMask(image: RgbImage, background: RgbImage | undefined, centres: Colour[], opts: RgbSegmentOptions = {}): Uint8Array {
  const n = image.width * image.height;
  const novelty2 = (opts.novelty ?? 38) ** 2;
  const change2 = (opts.change ?? 30) ** 2;
  const a = background ? boxBlur(image, 2) : undefined;
  const b = background ? boxBlur(background, 2) : undefined;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const f = features(image.data[4 * i], image.data[4 * i + 1], image.data[4 * i + 2]);
    let novel = true;
    for (const c of centres) {
      if (dist2(f, c) < novelty2) {
        novel = false;
        break;
      }
    }
    if (!novel) continue;
    if (a && b) {
      const fa = features(a[3 * i], a[3 * i + 1], a[3 * i + 2]);
      const fb = features(b[3 * i], b[3 * i + 1], b[3 * i + 2]);
      if (dist2(fa, fb) < change2) continue;
    }
    mask[i] = 1;
  }
  return open(mask, image.width, image.height);
}

/** Morphological opening with a 3x3 cross: removes isolated specks and one-pixel bridges. */
function open(mask: Uint8Array, width: number, height: number): Uint8Array {
  const eroded = new Uint8Array(mask.length);
  for (let v = 1; v < height - 1; v++) {
    for (let u = 1; u < width - 1; u++) {
      const i = v * width + u;
      eroded[i] = mask[i] & mask[i - 1] & mask[i + 1] & mask[i - width] & mask[i + width];
    }
  }
  const out = new Uint8Array(mask.length);
  for (let v = 1; v < height - 1; v++) {
    for (let u = 1; u < width - 1; u++) {
      const i = v * width + u;
      out[i] = eroded[i] | eroded[i - 1] | eroded[i + 1] | eroded[i - width] | eroded[i + width];
    }
  }
  return out;
}

/** Segments tabletop objects in a calibrated colour frame. */
export function segmentRgb(image: RgbImage, background: RgbImage | undefined, camera: CameraModel, tableHeight: number, rng: Rng, opts: RgbSegmentOptions = {}): Segmentation {
  const { width, height } = image;
  const minPixels = opts.minPixels ?? Math.max(40, Math.round(1e-3 * width * height));
  const maxWidth = opts.maxWidth ?? 0.3;
  const minWidth = opts.minWidth ?? 0.02;
  const table = colourPalette(background ?? image, 12, rng, tableRegion(camera, tableHeight, opts.tableRadius ?? 0.25));
  // Dark clusters are the arm (dark in Bridge and in the simulator), never the table top.
  const tableColours = table.centres.filter((c, k) => table.shares[k] >= 0.08 && c[0] >= 0.6 * DARK_LUMA);
  const mask = foregroundMask(image, background, tableColours, opts);
  const dropped: string[] = [];
  // Dark regions reaching the border are the arm (it enters the view from outside): set them apart
  // first, so that the arm and the wall behind it do not merge into one region.
  const dark = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) if (mask[i] && isDark(image, i)) dark[i] = 1;
  // Smaller dark patches at the border are shadows and furniture; they stay in the backdrop.
  const arm = connectedComponents(dark, width, height).filter((px) => px.length >= 0.015 * width * height && touchesBorder(px, width, height, 2));
  const armMask = new Uint8Array(mask.length);
  for (const px of arm) {
    dropped.push(`${describe(px, width)}: dark grey and entering from the border, the arm; removed from the backdrop`);
    for (const i of px) {
      mask[i] = 0;
      armMask[i] = 1;
    }
  }
  const segments = connectedComponents(mask, width, height)
    .filter((pixels) => {
      if (pixels.length < minPixels) return false;
      const where = describe(pixels, width);
      // Scenery reaching the border (a wall, the floor) stays in the backdrop even where it meets the arm.
      if (touchesBorder(pixels, width, height, 2)) {
        dropped.push(`${where}: cut by the image border (clutter), not a whole object`);
        return false;
      }
      const shade = darkShare(image, pixels, width, height, armMask);
      if (shade.inside > 0.6 || shade.around > 0.5 || shade.arm > 0.15) {
        const why = shade.inside > 0.6 ? "dark grey, the arm" : shade.arm > 0.15 ? "attached to the arm" : "enclosed by dark pixels, seen through the arm";
        dropped.push(`${where}: ${why}; removed from the backdrop`);
        arm.push(pixels);
        return false;
      }
      const metres = footprintWidth(pixels, width, camera, tableHeight);
      if (metres === null || metres > maxWidth || metres < minWidth) {
        dropped.push(`${where}: ${metres === null ? "not on the table" : `${metres.toFixed(3)} m wide, outside ${minWidth}..${maxWidth} m`}`);
        return false;
      }
      return true;
    })
    .map((pixels) => ({ pixels, touchesBorder: false }));
  return { width, height, segments, dropped, removed: arm };
}

function isDark(image: RgbImage, i: number): boolean {
  const r = image.data[4 * i];
  const g = image.data[4 * i + 1];
  const b = image.data[4 * i + 2];
  const max = Math.max(r, g, b);
  return 0.299 * r + 0.587 * g + 0.114 * b < DARK_LUMA && max - Math.min(r, g, b) < 0.35 * max + 8;
}

/** Share of dark pixels in the region and in a 3-pixel ring around it, and the ring's share of arm pixels. */
function darkShare(image: RgbImage, pixels: Int32Array, width: number, height: number, armMask: Uint8Array): { inside: number; around: number; arm: number } {
  const inRegion = new Set(pixels);
  const ring = new Set<number>();
  let inside = 0;
  for (const i of pixels) {
    if (isDark(image, i)) inside++;
    const u = i % width;
    const v = (i - u) / width;
    for (const [du, dv] of [
      [3, 0],
      [-3, 0],
      [0, 3],
      [0, -3],
    ]) {
      const uu = u + du;
      const vv = v + dv;
      if (uu >= 0 && vv >= 0 && uu < width && vv < height && !inRegion.has(vv * width + uu)) ring.add(vv * width + uu);
    }
  }
  let around = 0;
  let arm = 0;
  for (const j of ring) {
    if (isDark(image, j)) around++;
    if (armMask[j]) arm++;
  }
  return { inside: inside / pixels.length, around: around / Math.max(1, ring.size), arm: arm / Math.max(1, ring.size) };
}

function describe(pixels: Int32Array, width: number): string {
  let su = 0;
  let sv = 0;
  for (const i of pixels) {
    su += i % width;
    sv += Math.floor(i / width);
  }
  return `a ${pixels.length}-pixel region at (${Math.round(su / pixels.length)}, ${Math.round(sv / pixels.length)})`;
}

/** Width on the table of the region's lowest row span, m; null if that row does not look at the table. */
function footprintWidth(pixels: Int32Array, width: number, camera: CameraModel, tableHeight: number): number | null {
  let uMin = Number.POSITIVE_INFINITY;
  let uMax = Number.NEGATIVE_INFINITY;
  let vMax = 0;
  for (const i of pixels) {
    const u = i % width;
    const v = (i - u) / width;
    uMin = Math.min(uMin, u);
    uMax = Math.max(uMax, u + 1);
    vMax = Math.max(vMax, v + 1);
  }
  const a = backProjectToPlane(camera, uMin, vMax, tableHeight);
  const b = backProjectToPlane(camera, uMax, vMax, tableHeight);
  if (!a || !b) return null;
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

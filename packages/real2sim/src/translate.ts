/**
 * Real-to-sim translation: one observation in, one runnable Scene out. The stages, each its own
 * module and replaceable: table plane (table-plane.ts), segmentation (segment-*.ts), primitive
 * fitting (fit-primitive.ts from depth, silhouette-fit.ts from colour alone), appearance
 * (appearance.ts), background (inpaint.ts), render-and-compare refinement (refine.ts), scene
 * assembly (build-scene.ts) and the overlay (overlay.ts).
 */
import type { RgbImage, SceneInput, Vec3 } from "@gauntlet/core";
import { makeRng, parseScene } from "@gauntlet/core";
import { type OffscreenRenderer, createOffscreenRenderer } from "@gauntlet/sim/render";
import { colourName, dominantColour, toHex } from "./appearance";
import { type FittedObject, buildScene } from "./build-scene";
import { type CameraModel, cameraToWorld, scaleCamera } from "./camera";
import { fitPrimitive } from "./fit-primitive";
import { LabelRenderer, MAX_LABELS } from "./id-render";
import type { DepthImage, LabelImage } from "./image-io";
import { dilate, inpaint } from "./inpaint";
import type { Calibration, DepthIntrinsics } from "./inputs";
import { drawOutlines } from "./overlay";
import type { PrimitiveType } from "./primitive";
import { refinePrimitives } from "./refine";
import { refineColours } from "./refine-colour";
import { heightMap, segmentDepth } from "./segment-depth";
import { segmentFromMasks } from "./segment-masks";
import { segmentRgb, tableRegion } from "./segment-rgb";
import { type Segmentation, labelImage } from "./segments";
import { resampleImage, resampleLabels } from "./resample";
import { fitFromSilhouettes } from "./silhouette-fit";
import { type TableView, tableFromCalibration, tableFromDepth } from "./table-plane";

/** One real observation: RGB-D with intrinsics, or RGB with a calibration; masks, background and instruction optional. */
export interface Real2SimInput {
  rgb: RgbImage;
  depth?: DepthImage;
  intrinsics?: DepthIntrinsics;
  calibration?: Calibration;
  masks?: LabelImage;
  /** An image of the empty scene from the same camera: used as the backdrop and, for RGB, to tell objects from background. */
  background?: RgbImage;
  instruction?: string;
  /** Scene id; default "real2sim". */
  id?: string;
}

/** Options of translateObservation. */
export interface Real2SimOptions {
  seed?: number;
  /** A renderer to share (render-and-compare); one is created and disposed otherwise. */
  renderer?: OffscreenRenderer;
  /** Skip render-and-compare (IoU before = after). */
  refine?: boolean;
  /** Width of the refinement renders, pixels; default 320. */
  refineWidth?: number;
  /** Size of the scene's third camera; default 160 wide at the frame's aspect. */
  cameraSize?: [number, number];
  /** The backdrop's path as the scene file will name it; default "<id>.background.png". */
  backdropPath?: string;
  /** Called as each stage starts, for progress output. */
  onStage?: (stage: string) => void;
}

/** Fit quality of one object, as written to the fit report. */
export interface ObjectReport {
  id: string;
  type: PrimitiveType;
  position: Vec3;
  yawDeg: number;
  size: number[];
  /** The albedo after colour matching, and the dominant observed colour it started from. */
  color: string;
  observedColor: string;
  /** Mean colour difference (0..255) between the rendered and the real object, before and after matching. */
  colourErrorBefore: number;
  colourErrorAfter: number;
  pixels: number;
  touchesBorder: boolean;
  /** Per candidate type: RMS point-to-surface distance, m (RGB-D) or 1 - silhouette IoU (RGB). */
  residuals: Partial<Record<PrimitiveType, number>>;
  residualUnit: "m" | "1-IoU";
  iouBefore: number;
  iouAfter: number;
}

/** Everything measured during a translation. */
export interface Real2SimReport {
  id: string;
  mode: "rgbd" | "rgb";
  table: { height: number; inlierFraction?: number; rmsMm?: number };
  camera: { position: Vec3; quaternion: number[]; width: number; height: number };
  objects: ObjectReport[];
  /** Candidate regions that were not kept, with the reason. */
  dropped: string[];
  warnings: string[];
  /** Resolution of the IoU figures (the refinement renders). */
  iouResolution: [number, number];
  renders: number;
  timingsMs: Record<string, number>;
}

/** The translation: scene JSON (validated), the backdrop image, the overlay and the fit report. */
export interface Real2SimResult {
  scene: SceneInput;
  backdrop: RgbImage;
  overlay: RgbImage;
  report: Real2SimReport;
  /** The camera in the scene's world frame. */
  camera: CameraModel;
}

/** Checks the inputs fit together; throws naming the field and what was expected. */
export function checkInput(input: Real2SimInput): void {
  const { width, height } = input.rgb;
  const same = (img: { width: number; height: number } | undefined, flag: string) => {
    if (img && (img.width !== width || img.height !== height)) throw new Error(`${flag}: ${img.width}x${img.height} does not match --rgb ${width}x${height}; expected the same size`);
  };
  if (input.depth) {
    if (!input.intrinsics) throw new Error("--intrinsics: missing; RGB-D input needs the camera intrinsics (fx, fy, cx, cy)");
    same(input.depth, "--depth");
  } else if (!input.calibration) {
    throw new Error("--intrinsics/--calib: missing; give --depth with --intrinsics k.json (RGB-D), or --calib c.json (calibrated RGB: intrinsics, camera pose, table)");
  }
  same(input.masks, "--masks");
  same(input.background, "--background");
}

/** Translates one observation into a scene. */
export async function translateObservation(input: Real2SimInput, opts: Real2SimOptions = {}): Promise<Real2SimResult> {
  checkInput(input);
  const id = input.id ?? "real2sim";
  const rng = makeRng(opts.seed ?? 0);
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    opts.onStage?.(name);
    const t0 = performance.now();
    const out = await fn();
    timings[name] = Math.round(performance.now() - t0);
    return out;
  };
  const { rgb } = input;
  const depthMode = Boolean(input.depth && input.intrinsics);
  const table: TableView = await stage("table", () =>
    input.depth && input.intrinsics ? tableFromDepth(input.depth, input.intrinsics, rng.fork("plane")) : tableFromCalibration(input.calibration as Calibration, rgb.width, rgb.height),
  );
  const camera = table.camera;
  const heights = input.depth && input.intrinsics && table.plane ? heightMap(input.depth, input.intrinsics, table.plane) : undefined;

  const seg: Segmentation = await stage("segment", () => {
    if (input.masks) return segmentFromMasks(input.masks);
    if (input.depth && input.intrinsics && table.plane) return segmentDepth(input.depth, input.intrinsics, table.plane);
    return segmentRgb(rgb, input.background, camera, table.tableHeight, rng.fork("segment"));
  });
  const warnings: string[] = [];
  if (seg.segments.length > MAX_LABELS) {
    warnings.push(`${seg.segments.length} objects found; kept the ${MAX_LABELS} largest`);
    seg.segments.sort((a, b) => b.pixels.length - a.pixels.length).splice(MAX_LABELS);
  }
  for (const s of seg.segments) if (s.touchesBorder) warnings.push(`an object of ${s.pixels.length} pixels touches the image border; its size may be underestimated`);

  const renderer = opts.renderer ?? (await createOffscreenRenderer({ width: 64, height: 64 }));
  try {
    const refineWidth = Math.min(rgb.width, opts.refineWidth ?? 320);
    const coarse = scaleCamera(camera, refineWidth, Math.round((rgb.height * refineWidth) / rgb.width));
    const labels = new LabelRenderer(renderer, coarse);
    const observed = resampleLabels(labelImage(seg), rgb.width, rgb.height, coarse.width, coarse.height);
    let renders = 0;

    // Stage 3 (and, for colour-only input, 6 as well): primitives per segment.
    const fitted = await stage("fit", async () => {
      if (depthMode && heights && input.depth) {
        const depth = input.depth;
        return seg.segments.map((s) => {
          const pts: Vec3[] = [];
          const k = camera.intrinsics;
          for (const i of s.pixels) {
            const z = depth.data[i];
            if (!(z > 0) || !(heights[i] > 0.006)) continue;
            const u = i % rgb.width;
            const v = (i - u) / rgb.width;
            pts.push(cameraToWorld(camera, [((u + 0.5 - k.cx) / k.fx) * z, ((v + 0.5 - k.cy) / k.fy) * z, z]));
          }
          if (pts.length < 10) return null;
          const fit = fitPrimitive(pts, table.tableHeight);
          return { primitive: fit.primitive, residuals: fit.residuals as ObjectReport["residuals"], unit: "m" as const, firstIou: undefined as number | undefined };
        });
      }
      return fitFromSilhouettes(seg, camera, table.tableHeight, labels, observed).then((r) => {
        renders += r.renders;
        return r.fits;
      });
    });
    const kept = seg.segments.map((s, k) => ({ s, f: fitted[k] })).filter((x) => {
      if (x.f) return true;
      seg.dropped.push(`a ${x.s.pixels.length}-pixel region: fewer than 10 depth points above the table`);
      return false;
    }) as { s: Segmentation["segments"][number]; f: NonNullable<(typeof fitted)[number]> }[];
    const keptObserved = kept.length === seg.segments.length ? observed : resampleLabels(labelImage({ ...seg, segments: kept.map((x) => x.s) }), rgb.width, rgb.height, coarse.width, coarse.height);

    const refined = await stage("refine", async () => {
      const prims = kept.map((x) => x.f.primitive);
      if (opts.refine === false || prims.length === 0) {
        const ious = prims.length ? (await refinePrimitives(prims, keptObserved, labels, table.tableHeight, { maxSweeps: 0 })).iouBefore : [];
        return { primitives: prims, iouBefore: ious, iouAfter: ious, renders: 1 };
      }
      return refinePrimitives(prims, keptObserved, labels, table.tableHeight, depthMode ? { maxSweeps: 6, step: { position: 0.003, yaw: 0.05, size: 0.05 } } : { maxSweeps: 6, step: { position: 0.002, yaw: 0.04, size: 0.04 } });
    });
    renders += refined.renders;

    const objects: FittedObject[] = await stage("appearance", () => {
      const used = new Map<string, number>();
      return kept.map((x, k) => {
        const look = dominantColour(rgb, x.s.pixels);
        const name = colourName(look.color);
        const prim = refined.primitives[k];
        const base = `${name}-${prim.type === "box" ? "block" : prim.type}`;
        const n = (used.get(base) ?? 0) + 1;
        used.set(base, n);
        return { id: n === 1 ? base : `${base}-${n}`, primitive: prim, color: toHex(look.color), colourName: name };
      });
    });

    const backdrop = await stage("background", () => {
      if (input.background) return input.background;
      const hole = new Uint8Array(rgb.width * rgb.height);
      for (const x of kept) for (const i of x.s.pixels) hole[i] = 1;
      for (const px of seg.removed ?? []) for (const i of px) hole[i] = 1;
      return inpaint(rgb, dilate(hole, rgb.width, rgb.height, 6));
    });
    const tableColor = toHex(dominantColour(rgb, tablePixels(rgb, camera, table.tableHeight, labelImage({ ...seg, segments: kept.map((x) => x.s) }), heights)).color);
    if (objects.length === 0) warnings.push("no objects detected: the result is an empty scene");

    const { scene, warnings: taskWarnings } = buildScene(objects, {
      id,
      instruction: input.instruction,
      camera,
      tableHeight: table.tableHeight,
      tableColor,
      backdrop: opts.backdropPath ?? `${id}.background.png`,
      hideTable: true,
      cameraSize: opts.cameraSize,
    });
    warnings.push(...taskWarnings);
    const colourFit = await stage("colour", async () => {
      const cam = scene.cameras[0] as { width: number; height: number };
      const small = resampleLabels(labelImage({ ...seg, segments: kept.map((x) => x.s) }), rgb.width, rgb.height, cam.width, cam.height);
      const fit = await refineColours(parseScene(scene, `scene ${id}`), "third", resampleImage(rgb, cam.width, cam.height), small, renderer);
      scene.objects.forEach((o, k) => {
        o.color = fit.colors[k];
      });
      if (fit.lightGain > 1) {
        const lights = parseScene(scene).lights;
        scene.lights = lights.map((l) => ({ ...l, intensity: Math.round(l.intensity * fit.lightGain * 1000) / 1000 }));
      }
      return fit;
    });
    parseScene(scene, `scene ${id}`);

    const overlay = await stage("overlay", async () => {
      const full = new LabelRenderer(renderer, camera);
      return drawOutlines(rgb, await full.render(objects.map((o) => o.primitive)));
    });
    const report: Real2SimReport = {
      id,
      mode: depthMode ? "rgbd" : "rgb",
      table: { height: table.tableHeight, inlierFraction: table.inlierFraction, rmsMm: table.rms === undefined ? undefined : table.rms * 1000 },
      camera: { position: camera.pose.position, quaternion: camera.pose.quaternion, width: camera.width, height: camera.height },
      objects: objects.map((o, k) => ({
        id: o.id,
        type: o.primitive.type,
        position: o.primitive.center,
        yawDeg: (o.primitive.yaw * 180) / Math.PI,
        size: o.primitive.size,
        color: scene.objects[k].color as string,
        observedColor: o.color,
        colourErrorBefore: colourFit.errorBefore[k],
        colourErrorAfter: colourFit.errorAfter[k],
        pixels: kept[k].s.pixels.length,
        touchesBorder: kept[k].s.touchesBorder,
        residuals: kept[k].f.residuals,
        residualUnit: kept[k].f.unit,
        // From colour alone the silhouette search is the fit itself, so "before" is the first guess.
        iouBefore: kept[k].f.firstIou ?? refined.iouBefore[k],
        iouAfter: refined.iouAfter[k],
      })),
      dropped: seg.dropped,
      warnings,
      iouResolution: [coarse.width, coarse.height],
      renders: renders + 1,
      timingsMs: timings,
    };
    return { scene, backdrop, overlay, report, camera };
  } finally {
    if (!opts.renderer) renderer.dispose();
  }
}

/** Pixels of the bare table (on a 4-pixel grid): at table height in depth, or on the table plane near the workspace, and not an object. */
function tablePixels(rgb: RgbImage, camera: CameraModel, tableHeight: number, objects: Int32Array, heights?: Float32Array): Int32Array {
  const near = heights ? undefined : tableRegion(camera, tableHeight, 0.25);
  const out: number[] = [];
  for (let v = 0; v < rgb.height; v += 4) {
    for (let u = 0; u < rgb.width; u += 4) {
      const i = v * rgb.width + u;
      if (objects[i]) continue;
      if (heights ? Math.abs(heights[i]) < 0.004 : near?.(i)) out.push(i);
    }
  }
  return Int32Array.from(out);
}

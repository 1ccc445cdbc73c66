/**
 * The camera descriptions real2sim reads: intrinsics JSON (RGB-D) and calibration JSON
 * (calibrated RGB: intrinsics, camera pose, table plane). Errors name the file and field.
 *
 *   intrinsics: { "fx": 600, "fy": 600, "cx": 320, "cy": 240, "depthUnit": 0.001 }
 *           or  { "K": [[600, 0, 320], [0, 600, 240], [0, 0, 1]] }
 *   calibration: { "intrinsics": {...}, "camera": { "position": [x, y, z], "quaternion": [x, y, z, w],
 *                  "axes": "x-forward-z-up" | "opencv" } | { "position", "lookAt", "up" },
 *                  "table": { "height": 0 } }
 */
import { readFileSync } from "node:fs";
import type { Quat } from "@gauntlet/core";
import { formatPath, quatMultiply } from "@gauntlet/core";
import { z } from "zod";
import { type CameraModel, type Intrinsics, cameraFromLookAt, quatFromAxes } from "./camera";

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const positive = z.number().refine((v) => Number.isFinite(v) && v > 0, "expected a positive number");
const vec3 = z.tuple([finite, finite, finite], { error: "expected 3 numbers [x, y, z]" });

const pinhole = z.object({ fx: positive, fy: positive, cx: finite, cy: finite }).strict();
const matrix = z
  .object({ K: z.tuple([vec3, vec3, vec3], { error: "expected a 3x3 matrix [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]" }) })
  .strict()
  .transform(({ K }) => ({ fx: K[0][0], fy: K[1][1], cx: K[0][2], cy: K[1][2] }))
  .pipe(pinhole);
const intrinsicsSchema = z.union([pinhole, matrix], { error: "expected { fx, fy, cx, cy } or { K: 3x3 }" });

const intrinsicsFile = z
  .object({ fx: positive, fy: positive, cx: finite, cy: finite, depthUnit: positive.default(0.001) })
  .strict()
  .or(z.object({ K: z.tuple([vec3, vec3, vec3]), depthUnit: positive.default(0.001) }).strict().transform(({ K, depthUnit }) => ({ fx: K[0][0], fy: K[1][1], cx: K[0][2], cy: K[1][2], depthUnit })));

const quatPose = z
  .object({
    position: vec3,
    /** [x, y, z, w], camera-to-world. */
    quaternion: z.tuple([finite, finite, finite, finite], { error: "expected 4 numbers [x, y, z, w]" }),
    /** x-forward-z-up: ROS/SAPIEN camera link (looks along +x); opencv: x right, y down, looks along +z. */
    axes: z.enum(["x-forward-z-up", "opencv"]).default("x-forward-z-up"),
  })
  .strict();
const lookAtPose = z.object({ position: vec3, lookAt: vec3, up: vec3.default([0, 0, 1]) }).strict();

const calibrationFile = z
  .object({
    intrinsics: intrinsicsSchema,
    camera: z.union([quatPose, lookAtPose], { error: "expected { position, quaternion, axes } or { position, lookAt, up }" }),
    table: z.object({ height: finite.default(0) }).strict().default({ height: 0 }),
  })
  .strict();

/** Intrinsics of an RGB-D camera plus the depth PNG's unit in metres. */
export type DepthIntrinsics = Intrinsics & { depthUnit: number };

/** A calibrated camera: its world pose (z up, the robot base frame) and the table height in that frame. */
export interface Calibration {
  intrinsics: Intrinsics;
  /** Camera-to-world, OpenCV axes; width and height come from the image. */
  pose: CameraModel["pose"];
  tableHeight: number;
}

function readJson(path: string, flag: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${flag}: could not read ${path} as JSON: ${(err as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, source: string): T {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  throw new Error(`${source}: ${r.error.issues.map((i) => `${formatPath(i.path).replace(/^\./, "") || "(root)"}: ${i.message.replace(/^Invalid input: /, "")}`).join("; ")}`);
}

/** Parses RGB-D intrinsics JSON. */
export function parseIntrinsics(json: unknown, source = "intrinsics"): DepthIntrinsics {
  return parseWith(intrinsicsFile, json, source);
}

/** Reads an RGB-D intrinsics file. */
export function readIntrinsics(path: string): DepthIntrinsics {
  return parseIntrinsics(readJson(path, "--intrinsics"), `--intrinsics ${path}`);
}

/** Parses a calibration JSON into intrinsics, an OpenCV-axes camera pose and the table height. */
export function parseCalibration(json: unknown, source = "calibration"): Calibration {
  const c = parseWith(calibrationFile, json, source);
  const cam = c.camera;
  let quaternion: Quat;
  if ("lookAt" in cam) {
    try {
      quaternion = cameraFromLookAt(cam.position, cam.lookAt, cam.up, c.intrinsics, 1, 1).pose.quaternion;
    } catch (err) {
      throw new Error(`${source}: ${(err as Error).message}`);
    }
  } else {
    const n = Math.hypot(...cam.quaternion);
    if (Math.abs(n - 1) > 1e-3) throw new Error(`${source}: camera.quaternion: expected a unit quaternion [x, y, z, w], got norm ${n.toFixed(4)}`);
    const q = cam.quaternion.map((v) => v / n) as Quat;
    // From the x-forward-z-up link frame to OpenCV axes: x_cv = -y, y_cv = -z, z_cv = +x.
    quaternion = cam.axes === "opencv" ? q : quatMultiply(q, quatFromAxes([0, -1, 0], [0, 0, -1], [1, 0, 0]));
  }
  return { intrinsics: c.intrinsics, pose: { position: cam.position, quaternion }, tableHeight: c.table.height };
}

/** Reads a calibration file. */
export function readCalibration(path: string): Calibration {
  return parseCalibration(readJson(path, "--calib"), `--calib ${path}`);
}

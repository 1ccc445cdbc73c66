/**
 * Tracks one object across frames from a fixed camera and an optional wrist camera. A sighting
 * is trusted only when the object looks whole: from the fixed camera, its blob is nearly as large
 * as the largest seen this episode (so an arm passing in front does not drag the centroid); from
 * the wrist camera, it is clear of the image border and about as large as its top face should
 * appear from there. The wrist view, being closer, wins when both are trusted. Otherwise the last
 * estimate stands: objects only move when the robot touches them.
 */
import type { RgbImage, Vec3 } from "@gauntlet/core";
import type { ColourWindow } from "./colours";
import { locateObject, type Sighting } from "./locate";
import type { PinholeCamera } from "./pinhole";

/** A tracked object's pose estimate in the world. */
export interface ObjectEstimate {
  position: Vec3;
  /** Yaw of the faces, folded into [-π/4, π/4]. */
  yaw: number;
}

/** One camera's current frame and its placed calibration. */
export interface View {
  image: RgbImage;
  camera: PinholeCamera;
}

export interface TrackerConfig {
  colour: ColourWindow;
  /** Full extents [x, y, z] of the object, m. */
  size: Vec3;
  /** A cylinder (disc, plate) rather than a box: its top face is the inscribed circle. */
  round?: boolean;
  tableZ: number;
  inRegion: (x: number, y: number) => boolean;
}

/** Fraction of the episode's largest fixed-camera blob a sighting needs to be trusted. */
const FIXED_WHOLE = 0.75;
/** Fraction of the expected top-face area a wrist blob needs to be trusted. */
const WRIST_WHOLE = 0.8;
/** Blob pixels touching the dark arm from which a sighting counts as partly hidden. */
const OCCLUDED_EDGE = 2;

export class ObjectTracker {
  estimate: ObjectEstimate | null = null;
  /** Which camera the estimate last came from. */
  source: "fixed" | "wrist" | null = null;
  private largestFixed = 0;
  private yawFromWrist = false;

  constructor(private readonly config: TrackerConfig) {}

  /**
   * Folds in the current frames; returns whether the estimate changed. With `touching`, the tool
   * is pushing the object, so the wrist view is always cut by the fingers and the image border;
   * such close-up views still place it to a few millimetres, so they are taken as they are.
   */
  update(fixed: View, wrist?: View, touching = false): boolean {
    const opts = { tableZ: this.config.tableZ, height: this.config.size[2], inRegion: this.config.inRegion };
    const near = wrist ? locateObject(wrist.image, wrist.camera, this.config.colour, opts) : null;
    const whole = (seen: Sighting, view: View) =>
      !seen.touchesBorder && seen.darkEdge < OCCLUDED_EDGE && seen.pixels >= WRIST_WHOLE * this.topFaceArea(view.camera, seen);
    if (near && wrist && (touching || whole(near, wrist))) {
      this.estimate = { position: near.topCentre ?? near.position, yaw: near.yaw };
      this.yawFromWrist = true;
      this.source = "wrist";
      return true;
    }
    const far = locateObject(fixed.image, fixed.camera, this.config.colour, opts);
    if (!far) return false;
    this.largestFixed = Math.max(this.largestFixed, far.pixels);
    if (far.pixels < FIXED_WHOLE * this.largestFixed || far.darkEdge >= OCCLUDED_EDGE) return false;
    // The fixed camera's yaw is coarse (a few pixels per face); keep a wrist yaw once there is one.
    const yaw = this.yawFromWrist && this.estimate ? this.estimate.yaw : far.yaw;
    this.estimate = { position: far.position, yaw };
    this.source = "fixed";
    return true;
  }

  /** Pixel area the object's top face would cover in `camera` at the sighted pose. */
  private topFaceArea(camera: PinholeCamera, seen: Sighting): number {
    const [sx, sy, sz] = this.config.size;
    const c = Math.cos(seen.yaw);
    const s = Math.sin(seen.yaw);
    const z = seen.position[2] + sz / 2;
    const corners = [
      [1, 1],
      [-1, 1],
      [-1, -1],
      [1, -1],
    ].map(([a, b]) => camera.project([seen.position[0] + (a * sx * c - b * sy * s) / 2, seen.position[1] + (a * sx * s + b * sy * c) / 2, z]));
    if (corners.some((p) => p === null)) return Number.POSITIVE_INFINITY;
    let twice = 0;
    for (let i = 0; i < 4; i++) {
      const p = corners[i] as [number, number];
      const q = corners[(i + 1) % 4] as [number, number];
      twice += p[0] * q[1] - q[0] * p[1];
    }
    return (Math.abs(twice) / 2) * (this.config.round ? Math.PI / 4 : 1);
  }
}

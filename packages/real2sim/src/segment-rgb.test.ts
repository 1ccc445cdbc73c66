import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { readRgbPng } from "./image-io";
import { readCalibration } from "./inputs";
import { segmentRgb } from "./segment-rgb";
import { tableFromCalibration } from "./table-plane";

const REAL = fileURLToPath(new URL("../../../../shared/data/real/simpler-env/", import.meta.url));
const CALIB = fileURLToPath(new URL("../../../scenes/real/bridge-eval-camera.calib.json", import.meta.url));

function centroid(pixels: Int32Array, width: number): [number, number] {
  let u = 0;
  let v = 0;
  for (const i of pixels) {
    u += i % width;
    v += Math.floor(i / width);
  }
  return [u / pixels.length, v / pixels.length];
}

describe.runIf(existsSync(REAL))("segmentRgb on real Bridge frames", () => {
  const camera = () => tableFromCalibration(readCalibration(CALIB), 640, 480).camera;

  it("finds exactly the two cubes, whatever the seed, and sets the arm apart", () => {
    const image = readRgbPng(join(REAL, "stack_cube_1st_frame.png"));
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const seg = segmentRgb(image, undefined, camera(), 0, makeRng(seed));
      const centres = seg.segments.map((s) => centroid(s.pixels, 640)).sort((a, b) => a[0] - b[0]);
      expect(centres).toHaveLength(2);
      // Green cube near (170, 242), yellow cube near (464, 195), as seen in the frame.
      expect(Math.hypot(centres[0][0] - 170, centres[0][1] - 242)).toBeLessThan(6);
      expect(Math.hypot(centres[1][0] - 464, centres[1][1] - 195)).toBeLessThan(6);
      for (const s of seg.segments) expect(s.pixels.length).toBeGreaterThan(1800);
      // The gripper hangs in from the top border: it is removed from the backdrop, never an object.
      expect(seg.removed?.some((px) => centroid(px, 640)[1] < 150 && px.length > 5000)).toBe(true);
    }
  });

  it("finds nothing on the empty evaluation table", () => {
    const image = readRgbPng(join(REAL, "bridge_real_eval_1.png"));
    for (const seed of [0, 1, 2]) expect(segmentRgb(image, undefined, camera(), 0, makeRng(seed)).segments).toHaveLength(0);
  });
});

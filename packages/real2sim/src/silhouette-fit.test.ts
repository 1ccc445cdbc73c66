/** Calibrated-RGB round trip: synthetic frames translated from colour alone, with the true camera as the calibration. */
import { makeRng } from "@gauntlet/core";
import { type OffscreenRenderer, createOffscreenRenderer } from "@gauntlet/sim/render";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreRoundTrip } from "./round-trip";
import { guessFromSilhouette } from "./silhouette-fit";
import { makeSyntheticScene, renderSyntheticFrame } from "./synthetic";
import { translateObservation } from "./translate";
import { median } from "./vec";

describe("fitting from silhouettes (calibrated RGB)", () => {
  let renderer: OffscreenRenderer;
  beforeAll(async () => {
    renderer = await createOffscreenRenderer({ width: 64, height: 64 });
  });
  afterAll(() => renderer.dispose());

  it("first guesses rest near the object, at about its size", async () => {
    const rng = makeRng(41);
    const { scene, truth } = makeSyntheticScene(rng.fork("scene"), 3, ["box"]);
    const frame = await renderSyntheticFrame(scene, truth, renderer, rng.fork("sensor"));
    truth.forEach((t, k) => {
      const pixels = Int32Array.from(Array.from(frame.labels).flatMap((l, i) => (l === k + 1 ? [i] : [])));
      const guess = guessFromSilhouette(pixels, frame.camera, 0, "box");
      expect(Math.hypot(guess.center[0] - t.center[0], guess.center[1] - t.center[1])).toBeLessThan(0.03);
      expect(guess.size[0] / Math.max(t.size[0], t.size[1])).toBeGreaterThan(0.5);
      expect(guess.size[0] / Math.max(t.size[0], t.size[1])).toBeLessThan(1.6);
    });
  });

  it("recovers boxes and cylinders from colour alone within a centimetre", async () => {
    const positions: number[] = [];
    for (const seed of [31, 33]) {
      const rng = makeRng(seed);
      const { scene, truth } = makeSyntheticScene(rng.fork("scene"), 3, ["box", "cylinder"]);
      const frame = await renderSyntheticFrame(scene, truth, renderer, rng.fork("sensor"));
      const calibration = { intrinsics: frame.intrinsics, pose: frame.camera.pose, tableHeight: 0 };
      const result = await translateObservation({ rgb: frame.rgb, calibration }, { renderer, seed });
      const score = await scoreRoundTrip(frame, result, renderer);
      expect(score.foundCount).toBe(3);
      expect(score.positionErrors).toHaveLength(3);
      for (const iou of score.ious) expect(iou).toBeGreaterThan(0.85);
      positions.push(...score.positionErrors);
    }
    expect(median(positions)).toBeLessThan(0.01);
  });
});

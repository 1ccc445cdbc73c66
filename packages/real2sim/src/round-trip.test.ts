/**
 * The synthetic round trip: render known tabletops with the simulator's renderer (RGB) and a ray
 * caster (depth with sensor noise and holes), translate them back, and hold the result to the
 * accuracy targets: median position error <= 1 cm, median size error <= 10%, the exact object
 * count, and silhouette IoU >= 0.85 after refinement.
 */
import { makeRng } from "@gauntlet/core";
import { type OffscreenRenderer, createOffscreenRenderer } from "@gauntlet/sim/render";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreRoundTrip } from "./round-trip";
import { makeSyntheticScene, renderSyntheticFrame } from "./synthetic";
import { translateObservation } from "./translate";
import { median } from "./vec";

describe("synthetic RGB-D round trip", () => {
  let renderer: OffscreenRenderer;
  beforeAll(async () => {
    renderer = await createOffscreenRenderer({ width: 64, height: 64 });
  });
  afterAll(() => renderer.dispose());

  for (const [seed, count] of [
    [101, 3],
    [202, 5],
    [303, 6],
  ]) {
    it(`recovers a ${count}-object scene (seed ${seed})`, async () => {
      const rng = makeRng(seed);
      const { scene, truth } = makeSyntheticScene(rng.fork("scene"), count);
      const frame = await renderSyntheticFrame(scene, truth, renderer, rng.fork("sensor"));
      const result = await translateObservation({ rgb: frame.rgb, depth: frame.depth, intrinsics: frame.intrinsics }, { renderer, seed });
      const score = await scoreRoundTrip(frame, result, renderer);
      expect(score.foundCount).toBe(count);
      expect(score.positionErrors).toHaveLength(count);
      expect(median(score.positionErrors)).toBeLessThanOrEqual(0.01);
      expect(median(score.sizeErrors)).toBeLessThanOrEqual(0.1);
      for (const iou of score.ious) expect(iou).toBeGreaterThanOrEqual(0.85);
      for (const o of result.report.objects) {
        expect(o.iouAfter).toBeGreaterThanOrEqual(o.iouBefore);
        expect(o.iouAfter).toBeGreaterThanOrEqual(0.85);
      }
      expect(score.typesRight).toBe(count);
      expect(result.report.warnings).toEqual([]);
    });
  }
});

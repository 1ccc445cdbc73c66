/** The real2sim benchmark: translation time of a synthetic 640x480 RGB-D frame, refinement included. */
import { makeRng } from "@gauntlet/core";
import { createOffscreenRenderer } from "@gauntlet/sim/render";
import { median } from "./vec";
import { makeSyntheticScene, renderSyntheticFrame } from "./synthetic";
import { translateObservation } from "./translate";

/** Median and worst translation time over `frames` frames, and the median time per stage. */
export interface Real2SimBench {
  medianMs: number;
  maxMs: number;
  stagesMs: Record<string, number>;
  objects: number;
}

/** Translates `frames` synthetic RGB-D frames with 4 objects each (after one warm-up) and times them. */
export async function benchReal2Sim(frames = 3): Promise<Real2SimBench> {
  const renderer = await createOffscreenRenderer({ width: 64, height: 64 });
  try {
    const times: number[] = [];
    const stages: Record<string, number[]> = {};
    let objects = 0;
    for (let f = -1; f < frames; f++) {
      const rng = makeRng(1000 + f);
      const { scene, truth } = makeSyntheticScene(rng.fork("scene"), 4);
      const frame = await renderSyntheticFrame(scene, truth, renderer, rng.fork("sensor"));
      const t0 = performance.now();
      const result = await translateObservation({ rgb: frame.rgb, depth: frame.depth, intrinsics: frame.intrinsics }, { renderer, seed: f });
      if (f < 0) continue; // warm-up: shader compilation and JIT
      times.push(performance.now() - t0);
      objects += result.report.objects.length;
      for (const [k, v] of Object.entries(result.report.timingsMs)) {
        stages[k] ??= [];
        stages[k].push(v);
      }
    }
    return {
      medianMs: median(times),
      maxMs: Math.max(...times),
      stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, median(v)])),
      objects: objects / frames,
    };
  } finally {
    renderer.dispose();
  }
}

import { afterAll, describe, expect, it } from "vitest";
import { TINY_CHUNK, TINY_DIFFUSION } from "../testing/shipped-models";
import { loadWorldModel, type WorldModel } from "../world-model";
import { evaluateOpenLoop, type OpenLoopEpisode, PSNR_CAP_DB } from "./open-loop";

// The tiny diffusion model's toy world (toy_world.py): a red 7x7 square on grey moved 40 px per
// metre of dx, seen in "third" and mirrored in "wrist"; its state is [x, y, 0, 0, 0, 0, gripper] in pixels.
const S = 32;
let model: WorldModel;
afterAll(() => model?.close());

/** An episode of the square moving `dx` px a step from (x0, 16) for `steps` steps, both views. */
function episode(id: string, x0: number, dxPx: number, steps: number): OpenLoopEpisode {
  const frames = new Uint8Array((steps + 1) * 2 * S * S * 3);
  const states = new Float32Array((steps + 1) * 7);
  const actions = new Float32Array(steps * 7);
  for (let t = 0; t <= steps; t++) {
    const x = x0 + dxPx * t;
    states.set([x, 16, 0, 0, 0, 0, 1], t * 7);
    if (t < steps) actions.set([dxPx / 40, 0, 0, 0, 0, 0, 1], t * 7);
    for (let v = 0; v < 2; v++)
      for (let row = 0; row < S; row++)
        for (let col = 0; col < S; col++) {
          const c = v === 0 ? col : S - 1 - col;
          const inside = Math.abs(c - x) <= 3 && Math.abs(row - 16) <= 3;
          frames.set(inside ? [255, 51, 0] : [128, 128, 128], (((t * 2 + v) * S + row) * S + col) * 3);
        }
  }
  return { id, task: "push", seed: 0, width: S, height: S, views: ["third", "wrist"], frames, actions, states };
}

describe("evaluateOpenLoop", () => {
  it("scores each horizon over the episodes that reach it, against copying the first frame and keeping the first state", async () => {
    model = await loadWorldModel(TINY_DIFFUSION);
    const moving = [episode("a", 8, 2, 8), episode("b", 6, 1.5, 12)];
    const r = await evaluateOpenLoop(model, moving, { horizons: [1, 4, 8, 12], batch: 1, keepFrames: 1 });
    expect(r.episodes).toBe(2);
    expect(r.horizons.map((h) => [h.horizon, h.count])).toEqual([[1, 2], [4, 2], [8, 2], [12, 1]]);
    const at8 = r.horizons[2];
    // Keeping the first state is off by the distance moved: 16 and 12 px in x, nothing in y.
    expect(at8.state?.copy[0]).toBeCloseTo(14, 5);
    expect(at8.state?.copy[1]).toBe(0);
    // The model's state estimate follows the square (its toy frames are too noisy to beat the copy's PSNR).
    expect(at8.state?.model[0]).toBeLessThan(4);
    for (const h of r.horizons) for (const v of [h.psnr.model, h.psnr.copy]) expect(v).toBeGreaterThan(10);
    expect(r.horizons[0].psnr.copy).toBeGreaterThan(r.horizons[2].psnr.copy); // the square has moved further by h = 8
    expect(r.kept).toHaveLength(1);
    expect(r.kept[0].predicted).toHaveLength(8); // episode a's frames, as far as it goes

    // A square that never moves: the copy baseline is exact, capped.
    const still = await evaluateOpenLoop(model, [episode("c", 16, 0, 3)], { horizons: [3] });
    expect(still.horizons[0].psnr.copy).toBe(PSNR_CAP_DB);
    expect(still.horizons[0].ssim.copy).toBeCloseTo(1, 9);
  });

  it("feeds a chunk-conditioned model the recorded actions two per call, scoring every step up to the episode's end", async () => {
    const chunked = await loadWorldModel(TINY_CHUNK);
    try {
      // 7 steps: the fourth call holds the last action twice, and the step limit stops the episode after the first.
      const before = chunked.calls;
      const r = await evaluateOpenLoop(chunked, [episode("e", 4, 2, 7)], { horizons: [1, 2, 3, 7], keepFrames: 1 });
      expect(chunked.calls - before).toBe(4);
      expect(r.horizons.map((h) => [h.horizon, h.count])).toEqual([[1, 1], [2, 1], [3, 1], [7, 1]]);
      expect(r.kept[0].predicted).toHaveLength(7);
      const at7 = r.horizons[3];
      expect(at7.state?.copy[0]).toBeCloseTo(14, 5);
      expect(at7.state?.model[0]).toBeLessThan(4);
    } finally {
      await chunked.close();
    }
  });

  it("names an episode that does not fit the model", async () => {
    model ??= await loadWorldModel(TINY_DIFFUSION);
    const wrong = { ...episode("d", 8, 2, 2), views: ["third", "top"] };
    await expect(evaluateOpenLoop(model, [wrong])).rejects.toThrow(/wrist/);
  });
});

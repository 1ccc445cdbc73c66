import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodePng } from "@gauntlet/sim/render";
import { afterAll, describe, expect, it } from "vitest";
import { loadBridgeEpisodes } from "./bridge-episodes";

const dir = mkdtempSync(join(tmpdir(), "gauntlet-bridge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 3-frame, 2-view, 4x2 episode whose pixel (t, view, y, x) has RGB (t, 10 + view, 4y + x). */
function writeEpisode(name: string): void {
  const [n, w, h] = [3, 4, 2];
  mkdirSync(join(dir, name));
  for (const v of [0, 1]) {
    const rgba = new Uint8Array(n * w * h * 4);
    for (let t = 0; t < n; t++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([t, 10 + v, 4 * y + x, 255], (y * n * w + t * w + x) * 4);
    writeFileSync(join(dir, name, `view${v}-strip.png`), encodePng(rgba, n * w, h));
  }
  const actions = [[0.1, 0, 0, 0, 0, 0, 1], [0.2, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]];
  const states = Array.from({ length: n }, (_, t) => [t, 0, 0, 0, 0, 0, 1]);
  writeFileSync(join(dir, name, "episode.json"), JSON.stringify({ instruction: "x", frames: n, frame_size: [w, h], views: ["view0-strip.png", "view1-strip.png"], actions, states }));
}

describe("loadBridgeEpisodes", () => {
  it("cuts each view's strip into [T, V, H, W, 3] frames and keeps T-1 actions", () => {
    writeEpisode("episode-00");
    const [ep] = loadBridgeEpisodes(dir);
    expect(ep).toMatchObject({ id: "episode-00", width: 4, height: 2, views: ["view0", "view1"] });
    const at = (t: number, v: number, y: number, x: number) => Array.from(ep.frames.subarray((((t * 2 + v) * 2 + y) * 4 + x) * 3, (((t * 2 + v) * 2 + y) * 4 + x) * 3 + 3));
    expect(at(0, 0, 0, 0)).toEqual([0, 10, 0]);
    expect(at(2, 1, 1, 3)).toEqual([2, 11, 7]);
    expect(at(1, 0, 1, 2)).toEqual([1, 10, 6]);
    expect(Array.from(ep.actions)).toHaveLength(14);
    expect(ep.actions[7]).toBeCloseTo(0.2, 6);
  });

  it("names a missing folder", () => {
    expect(() => loadBridgeEpisodes(join(dir, "nope"))).toThrow(/nope does not exist/);
  });
});

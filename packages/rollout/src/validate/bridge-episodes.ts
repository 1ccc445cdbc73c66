/**
 * Real robot episodes in the Bridge debug format (`../shared/data/real/bridge-debug`): per episode
 * folder, `episode.json` (instruction, frame count, 7-D actions and states) and one PNG strip per
 * view holding the frames side by side. Read as open-loop episodes, so the evaluator that scores the
 * world model on simulator episodes runs unchanged on real data.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readRgbPng } from "@gauntlet/real2sim";
import type { OpenLoopEpisode } from "@gauntlet/world-model/validity";

interface BridgeEpisodeJson {
  instruction: string;
  frames: number;
  frame_size: [number, number];
  views: string[];
  actions: number[][];
  states: number[][];
}

/** Reads every `episode-*` folder of `dir`; views are named by their strip file without "-strip.png" (view0, view1, ...). */
export function loadBridgeEpisodes(dir: string): OpenLoopEpisode[] {
  if (!existsSync(dir)) throw new Error(`real episodes: ${dir} does not exist`);
  const folders = readdirSync(dir).filter((f) => f.startsWith("episode-")).sort();
  if (folders.length === 0) throw new Error(`real episodes: no episode-* folders in ${dir}`);
  return folders.map((folder) => {
    const path = join(dir, folder, "episode.json");
    const ep = JSON.parse(readFileSync(path, "utf8")) as BridgeEpisodeJson;
    const [w, h] = ep.frame_size;
    const n = ep.frames;
    if (ep.actions.length < n - 1 || ep.states.length < 1) throw new Error(`${path}: ${n} frames need ${n - 1} actions and a state`);
    const views = ep.views.map((v) => v.replace(/-strip\.png$/, ""));
    const frames = new Uint8Array(n * views.length * w * h * 3);
    ep.views.forEach((file, v) => {
      const strip = readRgbPng(join(dir, folder, file), `${folder}/${file}`);
      if (strip.width !== n * w || strip.height !== h) throw new Error(`${folder}/${file}: expected a ${n * w}x${h} strip of ${n} frames, got ${strip.width}x${strip.height}`);
      for (let t = 0; t < n; t++) {
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const src = (y * strip.width + t * w + x) * 4;
            const dst = (((t * views.length + v) * h + y) * w + x) * 3;
            frames[dst] = strip.data[src];
            frames[dst + 1] = strip.data[src + 1];
            frames[dst + 2] = strip.data[src + 2];
          }
        }
      }
    });
    return {
      id: folder,
      task: "real",
      seed: 0,
      width: w,
      height: h,
      views,
      frames,
      actions: Float32Array.from(ep.actions.slice(0, n - 1).flat()),
      states: Float32Array.from(ep.states.flat()),
    };
  });
}

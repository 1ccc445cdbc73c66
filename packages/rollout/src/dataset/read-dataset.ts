import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DatasetEpisode, DatasetIndex } from "./generate-dataset";
import { readNpy } from "./npy";

/** One episode's arrays, as written by `generateDataset`. */
export interface DatasetEpisodeArrays {
  meta: DatasetEpisode;
  /** uint8 [T+1, V, H, W, 3]. */
  frames: Uint8Array;
  /** float32 [T, 7]. */
  actions: Float32Array;
  /** float32 [T+1, 7]. */
  states: Float32Array;
  /** [T+1] */
  success: boolean[];
  /** [T+1] */
  progress: Float32Array;
}

/** Reads a dataset's index.json, checking its format. */
export function readDatasetIndex(dir: string): DatasetIndex {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as DatasetIndex;
  if (index.format !== "gauntlet-dataset" || index.version !== 1) throw new Error(`${dir}/index.json: expected format gauntlet-dataset version 1, got ${index.format} ${index.version}`);
  return index;
}

/** Reads one episode of a dataset folder. */
export function readDatasetEpisode(dir: string, meta: DatasetEpisode): DatasetEpisodeArrays {
  const at = (name: string) => readNpy(join(dir, meta.dir, `${name}.npy`));
  return {
    meta,
    frames: at("frames").data as Uint8Array,
    actions: at("actions").data as Float32Array,
    states: at("states").data as Float32Array,
    success: Array.from(at("success").data, (v) => v !== 0),
    progress: at("progress").data as Float32Array,
  };
}

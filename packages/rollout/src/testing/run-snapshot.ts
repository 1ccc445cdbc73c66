/** Test helpers over run folders, for comparing two runs that must be identical. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every stored record (minus wall-clock time) and third-camera video of a run folder, keyed by episode id. */
export function snapshotRun(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of readdirSync(join(dir, "episodes")).sort()) {
    const { wallMs: _, ...record } = JSON.parse(readFileSync(join(dir, "episodes", id, "record.json"), "utf8"));
    out[id] = JSON.stringify(record) + readFileSync(join(dir, "episodes", id, "third.mp4")).toString("base64");
  }
  return out;
}

/**
 * A record of what a web build read and wrote, kept in its output folder, so a build whose
 * inputs have not changed since can be skipped (`npm start` builds on every start). An input
 * counts as changed when its modification time is not older than the build; the folders of the
 * inputs are inputs too, so a file added where a glob import looks also triggers a rebuild.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const STAMP = ".build-stamp.json";

interface Stamp {
  options: string;
  startedAt: number;
  inputs: string[];
  files: string[];
}

/** The files of the build in `outDir` if it was made with `options` and none of its inputs changed since; else null. */
export function freshBuild(outDir: string, options: unknown): string[] | null {
  const path = join(outDir, STAMP);
  if (!existsSync(path)) return null;
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  if (stamp.options !== JSON.stringify(options)) return null;
  const unchanged = (p: string) => existsSync(p) && statSync(p).mtimeMs < stamp.startedAt;
  if (!stamp.inputs.every(unchanged)) return null;
  if (!stamp.files.every((f) => existsSync(join(outDir, f)))) return null;
  return stamp.files;
}

/** Writes the stamp of a build that started at `startedAt` (ms since the epoch) and read `inputs` (absolute paths). */
export function stampBuild(outDir: string, options: unknown, startedAt: number, inputs: string[], files: string[]): void {
  const all = [...new Set([...inputs, ...inputs.map((p) => dirname(p))])].sort();
  const stamp: Stamp = { options: JSON.stringify(options), startedAt, inputs: all, files };
  writeFileSync(join(outDir, STAMP), `${JSON.stringify(stamp)}\n`);
}

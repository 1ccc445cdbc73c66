/**
 * Figures of the web build: how long `buildWeb` takes (it runs on every `npm start`) and how much
 * script each page loads, gzipped as served over a network.
 *
 *   import { benchWeb } from "@gauntlet/web/bench";
 *   const { buildMs, upToDateMs, pageKb } = await benchWeb();
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildWeb } from "./build";

export interface WebBench {
  /** Median wall time of a full minified build, ms. */
  buildMs: number;
  /** Wall time of a build call whose inputs did not change (it is skipped), ms. */
  upToDateMs: number;
  /** Gzipped size of each page's entry script plus the chunks it imports statically, KiB. */
  pageKb: Record<string, number>;
}

/** Builds the UI `runs` times into a temp folder and measures it. */
export async function benchWeb(runs = 3): Promise<WebBench> {
  const outDir = mkdtempSync(join(tmpdir(), "gauntlet-web-bench-"));
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await buildWeb({ outDir, force: true })).ms);
    times.sort((a, b) => a - b);
    const upToDate = await buildWeb({ outDir });
    if (!upToDate.cached) throw new Error("benchWeb: an unchanged build was not recognised as up to date");
    const pageKb: Record<string, number> = {};
    for (const page of ["compare", "leaderboard", "runs", "replay"]) pageKb[page] = scriptBytes(outDir, `assets/${page}.js`, new Set()) / 1024;
    return { buildMs: times[Math.floor(times.length / 2)], upToDateMs: upToDate.ms, pageKb };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Gzipped bytes of a script and, once each, of the chunks it imports statically (dynamic imports load on demand). */
function scriptBytes(outDir: string, file: string, seen: Set<string>): number {
  if (seen.has(file)) return 0;
  seen.add(file);
  const code = readFileSync(join(outDir, file), "utf8");
  let bytes = gzipSync(code).length;
  for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^"'();]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g)) bytes += scriptBytes(outDir, `assets/${m[1]}`, seen);
  return bytes;
}

/**
 * Builds the arena's browser UI: bundles each page's script with esbuild and copies the
 * HTML pages and the stylesheet next to them, ready to be served as static files. A build
 * whose inputs have not changed since is kept (see build-stamp.ts), so starts stay quick.
 *
 *   import { buildWeb } from "@gauntlet/web/build";
 *   const { outDir, ms } = await buildWeb();                 // apps/web/dist
 *   await buildWeb({ outDir: "/tmp/web", minify: false, sourcemap: true });    // for debugging
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { freshBuild, stampBuild } from "./build-stamp";

/** The folder of apps/web. */
const WEB_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Where `buildWeb` writes by default: apps/web/dist. */
export const DEFAULT_WEB_DIST = join(WEB_ROOT, "dist");

/** One bundle per page; the HTML page of the same name loads `assets/<name>.js`. */
const ENTRY_POINTS = {
  compare: "src/pages/compare.ts",
  leaderboard: "src/pages/leaderboard.ts",
  runs: "src/pages/runs.ts",
  replay: "src/pages/replay.ts",
};

/**
 * The 3D replay re-runs the simulator in the page, and the simulator's robot loader touches
 * `node:fs`/`node:path`/`node:url`; those imports get the browser stand-ins of src/replay/node-shims.ts.
 */
const nodeShims: Plugin = {
  name: "node-shims",
  setup(b) {
    b.onResolve({ filter: /^node:(fs|path|url|crypto)$/ }, () => ({ path: join(WEB_ROOT, "src/replay/node-shims.ts") }));
  },
};

export interface BuildWebOptions {
  /** Output folder; emptied before a build. Default apps/web/dist. */
  outDir?: string;
  /** Minify the bundles (default true); false gives readable code for debugging. */
  minify?: boolean;
  /** Write source maps next to the bundles (default false: they add a third to the build time). */
  sourcemap?: boolean;
  /** Build even when the last build in outDir is up to date with its inputs (default false). */
  force?: boolean;
}

export interface BuildWebResult {
  outDir: string;
  /** Every file written, relative to outDir. */
  files: string[];
  ms: number;
  /** True when the previous build was still up to date and nothing was rebuilt. */
  cached: boolean;
}

/** Bundles the pages into `outDir` (HTML at the top, scripts under assets/), unless the build there is up to date. */
export async function buildWeb(opts: BuildWebOptions = {}): Promise<BuildWebResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const outDir = opts.outDir ?? DEFAULT_WEB_DIST;
  const options = { minify: opts.minify ?? true, sourcemap: opts.sourcemap ?? false };
  const fresh = opts.force ? null : freshBuild(outDir, options);
  if (fresh) return { outDir, files: fresh, ms: performance.now() - started, cached: true };
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "assets"), { recursive: true });
  const result = await build({
    absWorkingDir: WEB_ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: join(outDir, "assets"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: options.minify,
    sourcemap: options.sourcemap ? "linked" : false,
    metafile: true,
    logLevel: "silent",
    plugins: [nodeShims],
  });
  const files = Object.keys(result.metafile.outputs).map((f) => join(outDir, "assets", f.split("/assets/").pop() as string));
  const inputs = Object.keys(result.metafile.inputs).map((f) => resolve(WEB_ROOT, f));
  const pagesDir = join(WEB_ROOT, "pages");
  for (const name of readdirSync(pagesDir)) {
    copyFileSync(join(pagesDir, name), join(outDir, name));
    files.push(join(outDir, name));
    inputs.push(join(pagesDir, name));
  }
  const written = files.map((f) => f.slice(outDir.length + 1)).sort();
  stampBuild(outDir, options, startedAt, inputs, written);
  return { outDir, files: written, ms: performance.now() - started, cached: false };
}

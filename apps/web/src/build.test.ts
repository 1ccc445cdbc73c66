import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildWeb } from "./build";
import { freshBuild, stampBuild } from "./build-stamp";

describe("buildWeb", () => {
  it("writes every page with the scripts and stylesheet it loads", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "gauntlet-web-"));
    const { files } = await buildWeb({ outDir });
    for (const page of ["index.html", "leaderboard.html", "runs.html", "replay.html"]) {
      expect(files).toContain(page);
      const html = readFileSync(join(outDir, page), "utf8");
      const refs = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
      expect(refs.length).toBe(2);
      for (const ref of refs) expect(existsSync(join(outDir, ref)), `${page} -> ${ref}`).toBe(true);
    }
    // The judging page stays light: three.js and the simulator load only on the replay page.
    const compare = readFileSync(join(outDir, "assets/compare.js"), "utf8");
    expect(compare).not.toContain("WebGLRenderer");
    const replay = readFileSync(join(outDir, "assets/replay.js"), "utf8");
    expect(replay).toContain("WebGLRenderer");
    // Node built-ins were replaced by the browser stand-ins, not left as imports the browser cannot load.
    for (const f of files.filter((f) => f.endsWith(".js"))) expect(readFileSync(join(outDir, f), "utf8")).not.toMatch(/from\s*"node:/);
    // Nothing changed: the next build is skipped; forced, it runs again.
    expect(await buildWeb({ outDir })).toMatchObject({ cached: true, files });
    expect(await buildWeb({ outDir, force: true })).toMatchObject({ cached: false, files });
    expect((await buildWeb({ outDir, minify: false })).cached).toBe(false);
  });
});

describe("build stamps", () => {
  it("call a build stale when an input changes, a file appears beside one, an output is gone, or the options differ", () => {
    const dir = mkdtempSync(join(tmpdir(), "gauntlet-stamp-"));
    const [src, out] = [join(dir, "src"), join(dir, "out")];
    mkdirSync(src);
    mkdirSync(out);
    writeFileSync(join(src, "a.ts"), "a");
    writeFileSync(join(out, "a.js"), "a");
    const past = new Date(Date.now() - 60_000);
    for (const p of [join(src, "a.ts"), src]) utimesSync(p, past, past);
    const stamp = () => stampBuild(out, { minify: true }, Date.now() - 1000, [join(src, "a.ts")], ["a.js"]);
    stamp();
    expect(freshBuild(out, { minify: true })).toEqual(["a.js"]);
    expect(freshBuild(out, { minify: false })).toBeNull();
    writeFileSync(join(src, "b.ts"), "b");
    expect(freshBuild(out, { minify: true })).toBeNull();
    utimesSync(src, past, past);
    stamp();
    writeFileSync(join(src, "a.ts"), "changed");
    expect(freshBuild(out, { minify: true })).toBeNull();
    utimesSync(join(src, "a.ts"), past, past);
    stamp();
    rmSync(join(out, "a.js"));
    expect(freshBuild(out, { minify: true })).toBeNull();
  });
});

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildWeb } from "./build";

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
  });
});

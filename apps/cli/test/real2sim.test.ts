import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeRng } from "@gauntlet/core";
import { makeSyntheticScene, renderSyntheticFrame, writeDepthPng, writeRgbPng } from "@gauntlet/real2sim";
import { loadScene } from "@gauntlet/sim";
import { createOffscreenRenderer } from "@gauntlet/sim/render";
import { cli } from "./run-cli";
import { beforeAll, describe, expect, it } from "vitest";

describe("gauntlet real2sim", () => {
  const dir = mkdtempSync(join(tmpdir(), "gauntlet-real2sim-"));
  beforeAll(async () => {
    // A synthetic RGB-D capture on disk: colour PNG, 16-bit millimetre depth, intrinsics JSON.
    const renderer = await createOffscreenRenderer({ width: 64, height: 64 });
    const rng = makeRng(21);
    const { scene, truth } = makeSyntheticScene(rng.fork("scene"), 2, ["box"]);
    const frame = await renderSyntheticFrame(scene, truth, renderer, rng.fork("sensor"));
    renderer.dispose();
    writeRgbPng(join(dir, "rgb.png"), frame.rgb);
    writeDepthPng(join(dir, "depth.png"), frame.depth);
    writeFileSync(join(dir, "k.json"), JSON.stringify(frame.intrinsics));
    writeRgbPng(join(dir, "small.png"), { width: 8, height: 8, data: new Uint8Array(256) });
  });

  it("writes a loadable scene with backdrop, overlay and fit report from an RGB-D frame", async () => {
    const out = join(dir, "scenes", "desk.json");
    const r = await cli("real2sim", "--rgb", join(dir, "rgb.png"), "--depth", join(dir, "depth.png"), "--intrinsics", join(dir, "k.json"), "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 object\(s\) in .* \(rgbd\)/);
    expect(r.stdout).toMatch(/task: stack/);
    for (const f of ["desk.background.png", "desk.overlay.png", "desk.fit.json"]) expect(existsSync(join(dir, "scenes", f))).toBe(true);
    const scene = loadScene(out);
    expect(scene.objects.map((o) => o.type)).toEqual(["box", "box"]);
    expect(scene.background.image).toBe(join(dir, "scenes", "desk.background.png"));
    const report = JSON.parse(readFileSync(join(dir, "scenes", "desk.fit.json"), "utf8"));
    expect(report.objects).toHaveLength(2);
  });

  it("fails with a message naming the flag", async () => {
    const mismatch = await cli("real2sim", "--rgb", join(dir, "small.png"), "--depth", join(dir, "depth.png"), "--intrinsics", join(dir, "k.json"), "--out", join(dir, "x.json"));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/--depth: 640x480 does not match --rgb 8x8/);
    const noIntrinsics = await cli("real2sim", "--rgb", join(dir, "rgb.png"), "--depth", join(dir, "depth.png"), "--out", join(dir, "x.json"));
    expect(noIntrinsics.stderr).toMatch(/--intrinsics: missing/);
    const nothing = await cli("real2sim", "--rgb", join(dir, "rgb.png"), "--out", join(dir, "x.json"));
    expect(nothing.stderr).toMatch(/--intrinsics\/--calib: missing/);
  });
});

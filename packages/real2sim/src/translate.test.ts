import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkEnv, makeRng } from "@gauntlet/core";
import { OraclePolicy, loadScene, makeSimEnv } from "@gauntlet/sim";
import { type OffscreenRenderer, createOffscreenRenderer } from "@gauntlet/sim/render";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRgbPng } from "./image-io";
import { parseCalibration, readCalibration } from "./inputs";
import { makeSyntheticScene, renderSyntheticFrame } from "./synthetic";
import { translateObservation } from "./translate";
import { writeTranslation } from "./write-translation";

const REAL = fileURLToPath(new URL("../../../../shared/data/real/simpler-env/", import.meta.url));
const CALIB = fileURLToPath(new URL("../../../scenes/real/bridge-eval-camera.calib.json", import.meta.url));

let renderer: OffscreenRenderer;
beforeAll(async () => {
  renderer = await createOffscreenRenderer({ width: 64, height: 64 });
});
afterAll(() => renderer.dispose());

async function syntheticFrame(seed: number, count: number) {
  const rng = makeRng(seed);
  const { scene, truth } = makeSyntheticScene(rng.fork("scene"), count);
  return renderSyntheticFrame(scene, truth, renderer, rng.fork("sensor"));
}

describe("translateObservation: bad input", () => {
  it("names mismatched sizes, missing intrinsics, empty depth and a camera that sees no table", async () => {
    const frame = await syntheticFrame(5, 2);
    const rgb = frame.rgb;
    const small = { width: 320, height: 240, data: new Float32Array(320 * 240) };
    await expect(translateObservation({ rgb, depth: small, intrinsics: frame.intrinsics }, { renderer })).rejects.toThrow("--depth: 320x240 does not match --rgb 640x480");
    await expect(translateObservation({ rgb, depth: frame.depth }, { renderer })).rejects.toThrow(/--intrinsics: missing/);
    await expect(translateObservation({ rgb }, { renderer })).rejects.toThrow(/--intrinsics\/--calib: missing/);
    const empty = { width: 640, height: 480, data: new Float32Array(640 * 480) };
    await expect(translateObservation({ rgb, depth: empty, intrinsics: frame.intrinsics }, { renderer })).rejects.toThrow(/no valid pixels/);
    // A wall of random depths: no plane holds enough points.
    const r = makeRng(9);
    const clutter = { width: 640, height: 480, data: Float32Array.from({ length: 640 * 480 }, () => r.uniform(0.4, 2)) };
    await expect(translateObservation({ rgb, depth: clutter, intrinsics: frame.intrinsics }, { renderer })).rejects.toThrow(/no table plane in view/);
    const masks = { width: 10, height: 10, data: new Int32Array(100) };
    await expect(translateObservation({ rgb, depth: frame.depth, intrinsics: frame.intrinsics, masks }, { renderer })).rejects.toThrow("--masks: 10x10 does not match");
  });

  it("turns an empty table into an empty scene with a warning", async () => {
    const frame = await syntheticFrame(6, 0);
    const result = await translateObservation({ rgb: frame.rgb, depth: frame.depth, intrinsics: frame.intrinsics }, { renderer });
    expect(result.scene.objects).toEqual([]);
    expect(result.report.warnings.join("\n")).toMatch(/no objects detected/);
  });
});

describe("translateObservation: determinism", () => {
  it("gives the same scene, report figures and overlay for the same input and seed", async () => {
    const frame = await syntheticFrame(8, 3);
    const input = { rgb: frame.rgb, depth: frame.depth, intrinsics: frame.intrinsics };
    const a = await translateObservation(input, { renderer, seed: 3 });
    const b = await translateObservation(input, { renderer, seed: 3 });
    expect(JSON.stringify(b.scene)).toBe(JSON.stringify(a.scene));
    expect(b.report.objects).toEqual(a.report.objects);
    expect(Buffer.compare(Buffer.from(b.overlay.data), Buffer.from(a.overlay.data))).toBe(0);
  });
});

describe("translateObservation: given instance masks", () => {
  it("fits one object per mask label", async () => {
    const frame = await syntheticFrame(7, 4);
    // Keep two of the four objects' true silhouettes as the user's masks.
    const masks = { width: 640, height: 480, data: frame.labels.map((l) => (l === 2 ? 1 : l === 4 ? 2 : 0)) };
    const result = await translateObservation({ rgb: frame.rgb, depth: frame.depth, intrinsics: frame.intrinsics, masks, instruction: "pick it up" }, { renderer });
    expect(result.scene.objects).toHaveLength(2);
    expect(result.scene.objects.map((o) => o.type)).toEqual([frame.truth[1].type, frame.truth[3].type]);
    expect(result.report.objects.every((o) => o.iouAfter > 0.85)).toBe(true);
  });
});

describe.runIf(existsSync(REAL))("real calibrated Bridge frames (SimplerEnv)", () => {
  const calib = () => readCalibration(CALIB);

  it("finds the two cubes of stack_cube_1st_frame.png, writes a loadable scene, and the oracle stacks them in it", async () => {
    const result = await translateObservation(
      { rgb: readRgbPng(join(REAL, "stack_cube_1st_frame.png")), calibration: calib(), instruction: "stack the green block on the yellow block", id: "stack-real" },
      { renderer },
    );
    const ids = result.scene.objects.map((o) => o.id).sort();
    expect(ids).toEqual(["green-block", "yellow-block"]);
    for (const o of result.report.objects) {
      // SimplerEnv's cubes are 3 cm; from one calibrated view every side lands within 2.2..4.2 cm.
      for (const s of o.size) expect(s).toBeGreaterThan(0.022);
      for (const s of o.size) expect(s).toBeLessThan(0.042);
      expect(o.iouAfter).toBeGreaterThan(0.8);
    }
    expect(result.scene.task).toMatchObject({ type: "stack", params: { object: "green-block", target: "yellow-block" } });
    expect(result.report.dropped.join("\n")).toMatch(/the arm; removed from the backdrop/);

    const dir = mkdtempSync(join(tmpdir(), "real2sim-"));
    const paths = writeTranslation(result, join(dir, "stack-real.json"));
    const scene = loadScene(paths.scene);
    expect(scene.background.image).toBe(paths.backdrop);
    const env = await makeSimEnv(scene, { renderer });
    const policy = new OraclePolicy(env);
    let { obs } = await env.reset({ seed: 0 });
    await policy.reset({ seed: 0 });
    let success = false;
    for (let done = false; !done; ) {
      const step = await env.step((await policy.act(obs))[0]);
      obs = step.obs;
      success = step.info.success;
      done = step.terminated || step.truncated;
    }
    await env.close();
    expect(success).toBe(true);
  });

  it("draws the real backdrop behind the simulated scene for the real camera only", async () => {
    const result = await translateObservation({ rgb: readRgbPng(join(REAL, "stack_cube_1st_frame.png")), calibration: calib(), id: "bd" }, { renderer, refine: false });
    const dir = mkdtempSync(join(tmpdir(), "real2sim-"));
    const scene = loadScene(writeTranslation(result, join(dir, "bd.json")).scene);
    const env = await makeSimEnv(scene, { renderer });
    const { obs } = await env.reset({ seed: 0 });
    await env.close();
    const third = obs.images.third;
    const bd = result.backdrop;
    // The bottom-right corner shows the real table (no simulated table, no arm there).
    const at = (img: { width: number; data: Uint8Array }, x: number, y: number) => [...img.data.subarray(4 * (y * img.width + x), 4 * (y * img.width + x) + 3)];
    const sx = bd.width / third.width;
    const sy = bd.height / third.height;
    for (const [x, y] of [
      [150, 110],
      [100, 100],
      [10, 60],
    ]) {
      const real = at(bd, Math.floor((x + 0.5) * sx), Math.floor((y + 0.5) * sy));
      const sim = at(third, x, y);
      for (let ch = 0; ch < 3; ch++) expect(Math.abs(sim[ch] - real[ch])).toBeLessThanOrEqual(12);
    }
    // The wrist camera sees the plain background colour instead.
    const wrist = obs.images.wrist;
    expect(wrist.data.subarray(0, 3)).not.toEqual(third.data.subarray(0, 3));
    // A green-screen scene still honours the Env contract (deterministic frames included).
    const checks = await checkEnv(await makeSimEnv(scene, { renderer }));
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("finds no objects on the empty eval table and says so", async () => {
    const cal = parseCalibration({ intrinsics: { fx: 623.588, fy: 623.588, cx: 319.501, cy: 239.545 }, camera: { position: [0, -0.16, 0.36], lookAt: [1, 0.393, -0.725] } });
    const result = await translateObservation({ rgb: readRgbPng(join(REAL, "bridge_real_eval_1.png")), calibration: cal }, { renderer });
    expect(result.scene.objects).toEqual([]);
    expect(result.report.warnings.join("\n")).toMatch(/no objects detected/);
  });
});

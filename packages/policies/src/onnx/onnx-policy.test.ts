import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EE_DELTA_ACTION_SPEC, type EnvSpec, type Observation } from "@gauntlet/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadOnnxPolicy } from "./onnx-policy";

/** A shipped checkpoint (committed under models/bc/). */
const CHECKPOINT = fileURLToPath(new URL("../../../../models/bc/bc-d025", import.meta.url));
const manifest = JSON.parse(readFileSync(join(CHECKPOINT, "manifest.json"), "utf8"));

const spec: EnvSpec = { id: "PickCube-v1", backend: "sim", task: "pick-lift", cameras: [{ name: "third", width: 128, height: 128 }], action: EE_DELTA_ACTION_SPEC, stateNames: [], controlHz: 10, maxSteps: 50 };

/** The golden observation (see golden.json and models/bc/train.py): a gradient image and the arm's home pose. */
function observation(): Observation {
  const data = new Uint8Array(128 * 128 * 4);
  for (let i = 0; i < 128 * 128; i++) data.set([(i * 7) % 256, (i >> 7) * 2, 90, 255], i * 4);
  return { images: { third: { width: 128, height: 128, data } }, state: Float32Array.from([0.25, 0, 0.15, 0, Math.PI / 2, 0, 1]), instruction: manifest.inputs[2].vocabulary[0] };
}

const dirs: string[] = [];
/** A checkpoint folder with the shipped model and an edited copy of its manifest. */
function withManifest(edit: (m: typeof manifest) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "onnx-policy-"));
  dirs.push(dir);
  const m = structuredClone(manifest);
  edit(m);
  copyFileSync(join(CHECKPOINT, "model.onnx"), join(dir, "model.onnx"));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("loadOnnxPolicy", () => {
  it("loads a shipped checkpoint and returns a deterministic chunk of in-range 7-D actions", async () => {
    const policy = await loadOnnxPolicy(CHECKPOINT, { name: "bc-test" });
    expect(policy.name).toBe("bc-test");
    await policy.reset({ seed: 0, spec });
    const chunk = await policy.act(observation());
    expect(chunk.length).toBe(manifest.output.execute ?? manifest.output.chunk);
    for (const action of chunk) {
      expect(action.length).toBe(7);
      for (const v of action) expect(Number.isFinite(v)).toBe(true);
      expect([0, 1]).toContain(action[6]);
    }
    const again = await policy.act(observation());
    expect(again.map((a) => Array.from(a))).toEqual(chunk.map((a) => Array.from(a)));
    await policy.close?.();
  });

  it("reproduces the training-time torch output for the golden observation (export and preprocessing agree)", async () => {
    const golden = JSON.parse(readFileSync(join(CHECKPOINT, "golden.json"), "utf8"));
    const policy = await loadOnnxPolicy(CHECKPOINT);
    await policy.reset({ seed: 0, spec });
    const chunk = await policy.act(observation());
    expect(chunk.length).toBe(golden.actions.length);
    chunk.forEach((action, h) => {
      for (let i = 0; i < 6; i++) expect(action[i]).toBeCloseTo(golden.actions[h][i], 5);
      expect(action[6]).toBe(golden.actions[h][6]);
    });
    await policy.close?.();
  });

  it("fails at load, naming the input, when the manifest's input name is not the model's", async () => {
    const dir = withManifest((m) => {
      m.inputs[0].name = "pixels";
    });
    await expect(loadOnnxPolicy(dir)).rejects.toThrow(/inputs\[0\] \(image\): name "pixels" is not an input of the model \(model inputs: image, state, task\)/);
  });

  it("fails at load, naming the shapes, when an input's shape does not match", async () => {
    const dir = withManifest((m) => {
      m.inputs[0].shape = [1, 3, 96, 96];
    });
    await expect(loadOnnxPolicy(dir)).rejects.toThrow(/inputs\[0\] \(image\) "image": shape \[1,3,96,96\], but the model declares \[batch,3,64,64\]/);
  });

  it("fails at load, naming the dtypes, when an input's dtype does not match", async () => {
    const dir = withManifest((m) => {
      m.inputs[1].dtype = "int64";
    });
    await expect(loadOnnxPolicy(dir)).rejects.toThrow(/inputs\[1\] \(state\) "state": dtype int64, but the model declares float32/);
  });

  it("fails at load when the output's chunk disagrees with the model", async () => {
    const dir = withManifest((m) => {
      m.output.chunk = 8;
      m.output.shape = [1, 8, 7];
    });
    await expect(loadOnnxPolicy(dir)).rejects.toThrow(/output "action": shape \[1,8,7\], but the model declares \[batch,4,7\]/);
  });

  it("rejects an inconsistent manifest before opening the model, naming the field", async () => {
    const dir = withManifest((m) => {
      m.inputs[1].mean = [0, 0];
    });
    await expect(loadOnnxPolicy(dir)).rejects.toThrow(/inputs\.1: state: mean and std need 7 entries, got 2 and 7/);
  });

  it("says which camera is missing and which instruction is unknown", async () => {
    const policy = await loadOnnxPolicy(CHECKPOINT);
    await policy.reset({ seed: 0, spec });
    await expect(policy.act({ ...observation(), images: {} })).rejects.toThrow(/needs camera "third", but the observation has no cameras/);
    await expect(policy.act({ ...observation(), instruction: "dance" })).rejects.toThrow(/instruction "dance" is not in the model's vocabulary/);
  });
});

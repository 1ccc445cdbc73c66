import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { instructionWords, judgeManifestSchema, loadJudge } from "./judge";
import { parseWith, parseWorldModelManifest } from "./manifest";
import { REPO_ROOT, TINY_CHUNK, TINY_DIFFUSION, TINY_JUDGE } from "./testing/shipped-models";
import { loadWorldModel } from "./world-model";

// biome-ignore lint/suspicious/noExplicitAny: manifests are edited as raw JSON to make them invalid.
type Manifest = any;
const base = (): Manifest => JSON.parse(readFileSync(join(TINY_DIFFUSION, "manifest.json"), "utf8"));
const chunk = (): Manifest => JSON.parse(readFileSync(join(TINY_CHUNK, "manifest.json"), "utf8"));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of a model folder with its manifest edited. */
function variant(from: string, file: string, edit: (m: Manifest) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "wm-manifest-"));
  dirs.push(dir);
  const m = JSON.parse(readFileSync(join(from, "manifest.json"), "utf8"));
  edit(m);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
  copyFileSync(join(from, file), join(dir, file));
  return dir;
}

describe("world-model manifest schema", () => {
  it("accepts the shipped tiny diffusion manifest", () => {
    const m = parseWorldModelManifest(base());
    expect(m.kind).toBe("diffusion");
    expect(m.sampler?.sigmas).toHaveLength((m.sampler?.steps ?? 0) + 1);
  });

  it("names each field at fault", () => {
    const m = base();
    m.action.mean = [0, 0];
    m.inputs.frames.shape = [-1, 4, 6, 32, 32];
    m.sampler.sigmas = [1, 0.5];
    expect(() => parseWorldModelManifest(m, "x/manifest.json")).toThrow(
      /x\/manifest.json: invalid world-model manifest[\s\S]*manifest\.action\.mean: expected 7 entries \(action\.dim\), got 2[\s\S]*manifest\.inputs\.frames\.shape: expected \[-1,3,6,32,32\][\s\S]*manifest\.sampler\.sigmas: expected steps \+ 1 = 7 levels, got 2/,
    );
  });

  it("names a dtype the runtime cannot feed", () => {
    const m = base();
    m.inputs.actions.dtype = "int64";
    expect(() => parseWorldModelManifest(m)).toThrow(/manifest\.inputs\.actions\.dtype: expected float32 \(the runtime feeds and reads float32 only\)/);
  });

  it("requires the diffusion inputs and rejects them on a direct model", () => {
    const m = base();
    delete m.inputs.noisy;
    expect(() => parseWorldModelManifest(m)).toThrow(/manifest\.inputs\.noisy: a diffusion model needs the noisy-sample input/);
    const d = base();
    d.kind = "direct";
    expect(() => parseWorldModelManifest(d)).toThrow(/manifest\.inputs\.noisy: only diffusion and flow models take "noisy"[\s\S]*manifest\.sampler: only diffusion and flow/);
  });

  it("checks history offsets and the flow schedule", () => {
    const m = base();
    m.context = { historyIndex: [-1, -2, -4] };
    expect(() => parseWorldModelManifest(m)).toThrow(/historyIndex: expected strictly increasing offsets/);
    const f = base();
    f.kind = "flow";
    f.sampler.parameterization = "eps";
    expect(() => parseWorldModelManifest(f)).toThrow(/manifest\.sampler\.sigmas: flow: expected t levels from 1 down to 0, got 2 first[\s\S]*manifest\.sampler\.parameterization: a flow model's output is velocity or x0, got eps/);
  });

  it("checks a model's own success and progress outputs against its chunk", () => {
    const m = chunk();
    expect(parseWorldModelManifest(m).successThreshold).toBe(0.5);
    m.outputs.success.shape = [-1, 1];
    m.successThreshold = 1.5;
    expect(() => parseWorldModelManifest(m)).toThrow(/manifest\.successThreshold: [\s\S]*manifest\.outputs\.success\.shape: expected \[-1,2\] \(batch, one success logit per predicted frame \(2\)\), got \[-1,1\]/);
    const p = chunk();
    delete p.outputs.success;
    expect(() => parseWorldModelManifest(p)).toThrow(/manifest\.outputs\.progress: declares progress without success/);
  });
});

describe("judge manifest conditioning", () => {
  const judgeBase = (): Manifest => JSON.parse(readFileSync(join(TINY_JUDGE, "manifest.json"), "utf8"));
  it("takes one conditioning input, with the list it is over", () => {
    const both = judgeBase();
    both.inputs.instruction = { name: "instruction", shape: [-1, 3], dtype: "float32" };
    expect(() => parseWith(judgeManifestSchema, both, "j.json", "judge manifest")).toThrow(/manifest\.inputs: expected one conditioning input[\s\S]*manifest\.vocabulary: inputs\.instruction needs the vocabulary/);
    const words = judgeBase();
    delete words.inputs.task;
    delete words.tasks;
    words.inputs.instruction = { name: "instruction", shape: [-1, 3], dtype: "float32" };
    words.vocabulary = ["push", "the", "Block"];
    expect(() => parseWith(judgeManifestSchema, words, "j.json", "judge manifest")).toThrow(/manifest\.vocabulary\[2\]: expected a lower-case word/);
    words.vocabulary = ["push", "the", "block"];
    expect(parseWith(judgeManifestSchema, words, "j.json", "judge manifest").vocabulary).toEqual(["push", "the", "block"]);
  });

  it("splits instructions as the training script does, and refuses one that holds none of the judge's words", async () => {
    expect(instructionWords("Push the blue block onto the GREEN target!")).toEqual(["push", "the", "blue", "block", "onto", "the", "green", "target"]);
    const judge = await loadJudge(join(REPO_ROOT, "models/judge"));
    try {
      expect(judge.manifest.vocabulary).toContain("push");
      const frame = new Float32Array(3 * 64 * 64).fill(0.5);
      const [verdict] = await judge.score(frame, [{ instruction: "Push the blue block onto the green target", task: "push" }]);
      expect(verdict.probability).toBeGreaterThanOrEqual(0);
      await expect(judge.score(frame, [{ instruction: "wave hello", task: "push" }])).rejects.toThrow(/judge judge-64: instruction "wave hello" holds none of its words \(block, blue/);
    } finally {
      await judge.close();
    }
  });
});

describe("manifest against the ONNX graph, at load time", () => {
  it("names a tensor the graph does not have", async () => {
    const dir = variant(TINY_DIFFUSION, "model.onnx", (m) => {
      m.inputs.noisy.name = "x_t";
    });
    await expect(loadWorldModel(dir)).rejects.toThrow(/inputs\.noisy: name "x_t" is not an input of the model \(model inputs: frames, actions, state, noisy, sigma\)[\s\S]*the model's input "noisy" is not in the manifest's inputs/);
  });

  it("names a shape that differs from the graph's", async () => {
    const dir = variant(TINY_DIFFUSION, "model.onnx", (m) => {
      m.image.width = 48;
      for (const t of [m.inputs.frames, m.inputs.noisy, m.outputs.frames]) t.shape[4] = 48;
    });
    await expect(loadWorldModel(dir)).rejects.toThrow(/inputs\.frames "frames": shape \[-1,3,6,32,48\], but the model declares \[batch,3,6,32,32\][\s\S]*outputs\.frames "x0": shape \[-1,1,6,32,48\]/);
  });

  it("names a missing output and a misnamed judge output", async () => {
    const dir = variant(TINY_DIFFUSION, "model.onnx", (m) => {
      m.outputs.state.name = "state_next";
    });
    await expect(loadWorldModel(dir)).rejects.toThrow(/outputs\.state: name "state_next" is not an output of the model \(model outputs: x0, next_state\)/);
    const judge = variant(TINY_JUDGE, "judge.onnx", (m) => {
      m.outputs.success.name = "success";
    });
    await expect(loadJudge(judge)).rejects.toThrow(/outputs\.success: name "success" is not an output of the model \(model outputs: success_logit, progress\)/);
    const scored = variant(TINY_CHUNK, "model.onnx", (m) => {
      m.outputs.success.name = "success";
    });
    await expect(loadWorldModel(scored)).rejects.toThrow(/outputs\.success: name "success" is not an output of the model \(model outputs: next_frames, next_state, success_logit, progress\)/);
  });

  it("rejects a judge whose task one-hot does not match its task list", async () => {
    const dir = variant(TINY_JUDGE, "judge.onnx", (m) => {
      m.tasks = ["push"];
    });
    await expect(loadJudge(dir)).rejects.toThrow(/manifest\.inputs\.task\.shape: expected \[-1,1\] \(batch, one-hot over tasks\), got \[-1,4\]/);
  });
});

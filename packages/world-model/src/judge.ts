/**
 * Success judges: a model that scores frames and the task for success and progress, so world-model
 * episodes get a verdict without the simulator's true state. Manifest in models/README.md.
 */
import { z } from "zod";
import { imageSchema, tensorSchema } from "./manifest";
import { loadChecked } from "./load-checked";
import type { ModelSession, SessionOptions } from "./runtime/session";

export const judgeManifestSchema = z
  .object({
    format: z.literal("gauntlet-judge"),
    version: z.literal(1),
    name: z.string().min(1),
    image: imageSchema,
    tasks: z.array(z.string().min(1)).min(1),
    files: z.object({ model: z.string().min(1) }).strict(),
    inputs: z.object({ frame: tensorSchema, task: tensorSchema }).strict(),
    outputs: z.object({ success: tensorSchema, progress: tensorSchema }).strict(),
    threshold: z.number().gt(0).lt(1).default(0.5),
    about: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const want = (path: string[], shape: number[], expected: number[], what: string) => {
      if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) ctx.addIssue({ code: "custom", path: [...path, "shape"], message: `expected [${expected}] (${what}), got [${shape}]` });
    };
    const { width: W, height: H, views } = m.image;
    want(["inputs", "frame"], m.inputs.frame.shape, [-1, 3 * views.length, H, W], `batch, ${views.length} view(s) x 3 channels, height, width`);
    want(["inputs", "task"], m.inputs.task.shape, [-1, m.tasks.length], "batch, one-hot over tasks");
    want(["outputs", "success"], m.outputs.success.shape, [-1, 1], "batch, one logit");
    want(["outputs", "progress"], m.outputs.progress.shape, [-1, 1], "batch, one value");
  });

export type JudgeManifest = z.output<typeof judgeManifestSchema>;

/** One frame's verdict. */
export interface Verdict {
  success: boolean;
  /** sigmoid(logit), for calibration plots. */
  probability: number;
  progress: number;
}

/** A loaded judge. */
export class Judge {
  constructor(
    readonly manifest: JudgeManifest,
    private readonly session: ModelSession,
  ) {}

  get name(): string {
    return this.manifest.name;
  }

  /** Scores a batch of frames ([B, 3·V, H, W] in the judge's range) for the given task types. */
  async score(frames: Float32Array, tasks: readonly string[]): Promise<Verdict[]> {
    const { manifest: m } = this;
    const B = tasks.length;
    const onehot = new Float32Array(B * m.tasks.length);
    tasks.forEach((task, b) => {
      const k = m.tasks.indexOf(task);
      if (k < 0) throw new Error(`judge ${m.name}: task "${task}" is not one it scores (${m.tasks.join(", ")})`);
      onehot[b * m.tasks.length + k] = 1;
    });
    const { width: W, height: H, views } = m.image;
    const out = await this.session.run(
      { [m.inputs.frame.name]: { data: frames, dims: [B, 3 * views.length, H, W] }, [m.inputs.task.name]: { data: onehot, dims: [B, m.tasks.length] } },
      [m.outputs.success.name, m.outputs.progress.name],
    );
    const logits = out[m.outputs.success.name].data;
    const progress = out[m.outputs.progress.name].data;
    return tasks.map((_, b) => {
      const probability = 1 / (1 + Math.exp(-logits[b]));
      return { success: probability >= m.threshold, probability, progress: Math.min(1, Math.max(0, progress[b])) };
    });
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/** Loads `dir/manifest.json` and its ONNX file; a manifest that does not match the graph throws here, naming the mismatch. */
export async function loadJudge(dir: string, opts: SessionOptions = {}): Promise<Judge> {
  const { manifest, session } = await loadChecked(dir, judgeManifestSchema, "judge manifest", opts);
  return new Judge(manifest, session);
}

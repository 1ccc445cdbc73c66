/**
 * Success judges: a model that scores frames and the instruction (or the task type) for success and
 * progress, so world-model episodes get a verdict without the simulator's true state. Manifest in
 * models/README.md.
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
    /** With `inputs.task`: the task types of its one-hot, in order. */
    tasks: z.array(z.string().min(1)).min(1).optional(),
    /** With `inputs.instruction`: the words of its bag of words, in order (lower case). */
    vocabulary: z.array(z.string().regex(/^[a-z0-9]+$/, "expected a lower-case word")).min(1).optional(),
    files: z.object({ model: z.string().min(1) }).strict(),
    inputs: z.object({ frame: tensorSchema, task: tensorSchema.optional(), instruction: tensorSchema.optional() }).strict(),
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
    const { task, instruction } = m.inputs;
    if (!task === !instruction) ctx.addIssue({ code: "custom", path: ["inputs"], message: "expected one conditioning input: instruction (a bag of words over `vocabulary`) or task (a one-hot over `tasks`)" });
    if (task && !m.tasks) ctx.addIssue({ code: "custom", path: ["tasks"], message: "inputs.task needs the list of task types its one-hot is over" });
    if (instruction && !m.vocabulary) ctx.addIssue({ code: "custom", path: ["vocabulary"], message: "inputs.instruction needs the vocabulary of its bag of words" });
    if (task && m.tasks) want(["inputs", "task"], task.shape, [-1, m.tasks.length], "batch, one-hot over tasks");
    if (instruction && m.vocabulary) want(["inputs", "instruction"], instruction.shape, [-1, m.vocabulary.length], "batch, one entry per vocabulary word");
    want(["outputs", "success"], m.outputs.success.shape, [-1, 1], "batch, one logit");
    want(["outputs", "progress"], m.outputs.progress.shape, [-1, 1], "batch, one value");
  });

export type JudgeManifest = z.output<typeof judgeManifestSchema>;

/** What a frame is judged against: the episode's instruction, and its task type (pick-lift, push, place, stack). */
export interface JudgePrompt {
  instruction: string;
  task: string;
}

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

  /** Scores a batch of frames ([B, 3·V, H, W] in the judge's range), one prompt per frame. */
  async score(frames: Float32Array, prompts: readonly JudgePrompt[]): Promise<Verdict[]> {
    const { manifest: m } = this;
    const B = prompts.length;
    const input = m.inputs.instruction ?? m.inputs.task;
    if (!input) throw new Error(`judge ${m.name}: no conditioning input`); // the schema refuses such a manifest
    const width = (m.vocabulary ?? m.tasks ?? []).length;
    const condition = new Float32Array(B * width);
    for (const [b, prompt] of prompts.entries()) condition.set(this.encode(prompt), b * width);
    const { width: W, height: H, views } = m.image;
    const out = await this.session.run(
      { [m.inputs.frame.name]: { data: frames, dims: [B, 3 * views.length, H, W] }, [input.name]: { data: condition, dims: [B, width] } },
      [m.outputs.success.name, m.outputs.progress.name],
    );
    const logits = out[m.outputs.success.name].data;
    const progress = out[m.outputs.progress.name].data;
    return prompts.map((_, b) => verdictOf(sigmoid(logits[b]), progress[b], m.threshold));
  }

  /** The conditioning row of a prompt: 1 for each vocabulary word the instruction holds, or the task's one-hot. */
  private encode({ instruction, task }: JudgePrompt): Float32Array {
    const { manifest: m } = this;
    if (m.vocabulary) {
      const words = new Set(instructionWords(instruction));
      const row = Float32Array.from(m.vocabulary, (w) => (words.has(w) ? 1 : 0));
      if (!row.some((v) => v === 1)) throw new Error(`judge ${m.name}: instruction "${instruction}" holds none of its words (${m.vocabulary.join(", ")})`);
      return row;
    }
    const tasks = m.tasks ?? [];
    const k = tasks.indexOf(task);
    if (k < 0) throw new Error(`judge ${m.name}: task "${task}" is not one it scores (${tasks.join(", ")})`);
    return Float32Array.from(tasks, (_, i) => (i === k ? 1 : 0));
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

/** The verdict on a frame from its success probability and progress (clamped to [0, 1]; without one, 1 on success, else 0). */
export function verdictOf(probability: number, progress: number | undefined, threshold: number): Verdict {
  const success = probability >= threshold;
  return { success, probability, progress: progress === undefined ? (success ? 1 : 0) : Math.min(1, Math.max(0, progress)) };
}

/** A success logit's probability. */
export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

/** An instruction's words as a judge's vocabulary holds them: lower case, split on anything but letters and digits. */
export function instructionWords(instruction: string): string[] {
  return instruction.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

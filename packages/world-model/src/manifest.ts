/**
 * The world-model manifest (`manifest.json`, format `gauntlet-world-model`, version 1): what kind
 * of model a folder holds, its image and action contract, and its tensors. Documented in
 * models/README.md, which is the authoritative description of every field.
 */
import { formatPath } from "@gauntlet/core";
import { z } from "zod";

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const positive = finite.refine((v) => v > 0, "expected a positive number");
const count = z.number().int().positive();

/** A tensor of the graph: its name, shape (-1 = the batch axis, always first) and element type. */
export const tensorSchema = z
  .object({
    name: z.string().min(1),
    shape: z.array(z.number().int().refine((d) => d === -1 || d > 0, "expected -1 (batch) or a positive size")).min(1),
    dtype: z.literal("float32", { error: "expected float32 (the runtime feeds and reads float32 only)" }),
  })
  .strict();
export type TensorDecl = z.output<typeof tensorSchema>;

/** Image contract shared by world models and judges: NCHW float32, views stacked on the channel axis. */
export const imageSchema = z
  .object({
    width: count,
    height: count,
    channels: z.literal(3, { error: "expected 3 (RGB)" }),
    views: z.array(z.string().min(1)).min(1, "expected at least one view (camera name)"),
    range: z.tuple([finite, finite]).refine(([lo, hi]) => lo < hi, "expected [low, high] with low < high"),
  })
  .strict();
export type ImageSpec = z.output<typeof imageSchema>;

const context = z.union(
  [
    z.object({ frames: count }).strict(),
    z
      .object({ historyIndex: z.array(z.number().int().max(-1, "expected negative frame offsets")).min(1) })
      .strict()
      .refine(({ historyIndex: h }) => h.every((v, i) => i === 0 || v > h[i - 1]), "historyIndex: expected strictly increasing offsets, oldest first, e.g. [-8, -4, -2, -1]"),
  ],
  { error: "expected { frames: n } or { historyIndex: [negative offsets, oldest first] }" },
);

const sampler = z
  .object({
    method: z.enum(["euler", "ddim"]),
    steps: count,
    /** steps + 1 noise levels, decreasing, ending at 0 (diffusion: sigma; flow: t from 1 to 0). */
    sigmas: z.array(finite.refine((v) => v >= 0, "expected a level >= 0")),
    /** Classifier-free guidance scale; 1 runs the conditional model only. */
    guidance: finite.refine((v) => v >= 0, "expected a scale >= 0").default(1),
    /** What the graph's frames output means: the clean sample, the noise, or the flow velocity. */
    parameterization: z.enum(["x0", "eps", "velocity"]),
    /** DDIM only: 0 is deterministic, 1 adds the full posterior noise each step. */
    eta: finite.refine((v) => v >= 0 && v <= 1, "expected a number in [0, 1]").default(0),
  })
  .strict();

export const worldModelManifestSchema = z
  .object({
    format: z.literal("gauntlet-world-model"),
    version: z.literal(1),
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "expected letters, digits, '.', '_' or '-'"),
    kind: z.enum(["direct", "diffusion", "flow"]),
    image: imageSchema,
    context,
    action: z
      .object({
        dim: count,
        layout: z.array(z.string().min(1)),
        mean: z.array(finite),
        std: z.array(positive),
        rateHz: positive,
        conditioning: z.enum(["frame", "chunk"]),
        chunk: count.default(1),
      })
      .strict(),
    state: z.object({ dim: count, names: z.array(z.string().min(1)), mean: z.array(finite), std: z.array(positive) }).strict().optional(),
    files: z.object({ model: z.string().min(1) }).strict(),
    inputs: z
      .object({ frames: tensorSchema, actions: tensorSchema, state: tensorSchema.optional(), noisy: tensorSchema.optional(), sigma: tensorSchema.optional(), t: tensorSchema.optional() })
      .strict(),
    outputs: z.object({ frames: tensorSchema, state: tensorSchema.optional(), success: tensorSchema.optional(), progress: tensorSchema.optional() }).strict(),
    /** With a success output: the probability (sigmoid of its logit) at which a frame counts as a success. */
    successThreshold: z.number().gt(0).lt(1).default(0.5),
    sampler: sampler.optional(),
    /** Free-form provenance; the runtime ignores it. */
    about: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const { width: W, height: H, views } = m.image;
    const C = 3 * views.length;
    const T = "frames" in m.context ? m.context.frames : m.context.historyIndex.length;
    const K = m.action.conditioning === "chunk" ? m.action.chunk : 1;
    const { dim } = m.action;
    if (m.action.conditioning === "frame" && m.action.chunk !== 1) issue(["action", "chunk"], `expected 1 with conditioning "frame", got ${m.action.chunk}`);
    for (const key of ["layout", "mean", "std"] as const) {
      if (m.action[key].length !== dim) issue(["action", key], `expected ${dim} entries (action.dim), got ${m.action[key].length}`);
    }
    if (m.state) for (const key of ["names", "mean", "std"] as const) if (m.state[key].length !== m.state.dim) issue(["state", key], `expected ${m.state.dim} entries (state.dim), got ${m.state[key].length}`);
    const expectShape = (path: string[], t: TensorDecl | undefined, want: number[], what: string) => {
      if (t && (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i]))) issue([...path, "shape"], `expected [${want}] (${what}), got [${t.shape}]`);
    };
    const frameShape = (n: number) => [-1, n, C, H, W];
    expectShape(["inputs", "frames"], m.inputs.frames, frameShape(T), `batch, ${T} context frames, ${views.length} view(s) x 3 channels, height, width`);
    expectShape(["inputs", "actions"], m.inputs.actions, [-1, K, dim], `batch, ${K} action(s) per call, action.dim`);
    expectShape(["outputs", "frames"], m.outputs.frames, frameShape(K), `batch, ${K} predicted frame(s), ${C} channels, height, width`);
    for (const side of ["inputs", "outputs"] as const) {
      const t = m[side].state;
      if (t && !m.state) issue([side, "state"], "declares a state tensor, but the manifest has no `state` section (its normalisation)");
      if (t && m.state) expectShape([side, "state"], t, [-1, m.state.dim], "batch, state.dim");
    }
    expectShape(["outputs", "success"], m.outputs.success, [-1, K], `batch, one success logit per predicted frame (${K})`);
    expectShape(["outputs", "progress"], m.outputs.progress, [-1, K], `batch, one progress value per predicted frame (${K})`);
    if (m.outputs.progress && !m.outputs.success) issue(["outputs", "progress"], "declares progress without success; a model that scores its own frames declares both, or success alone");
    if (m.kind === "direct") {
      for (const key of ["noisy", "sigma", "t"] as const) if (m.inputs[key]) issue(["inputs", key], `only diffusion and flow models take "${key}"; this model's kind is direct`);
      if (m.sampler) issue(["sampler"], "only diffusion and flow models have a sampler; this model's kind is direct");
      return;
    }
    const level = m.kind === "flow" ? "t" : "sigma";
    if (!m.sampler) issue(["sampler"], `a ${m.kind} model needs a sampler { method, steps, sigmas, guidance, parameterization }`);
    if (!m.inputs.noisy) issue(["inputs", "noisy"], `a ${m.kind} model needs the noisy-sample input`);
    expectShape(["inputs", "noisy"], m.inputs.noisy, frameShape(K), "the same as outputs.frames");
    const levelTensor = m.inputs.sigma ?? m.inputs.t;
    if (!levelTensor) issue(["inputs", level], `a ${m.kind} model needs the noise-level input (sigma or t)`);
    else if (m.inputs.sigma && m.inputs.t) issue(["inputs"], "declare one noise-level input, sigma or t, not both");
    else expectShape(["inputs", m.inputs.sigma ? "sigma" : "t"], levelTensor, [-1], "one noise level per sample");
    const s = m.sampler;
    if (!s) return;
    if (s.sigmas.length !== s.steps + 1) issue(["sampler", "sigmas"], `expected steps + 1 = ${s.steps + 1} levels, got ${s.sigmas.length}`);
    if (s.sigmas.some((v, i) => i > 0 && !(v < s.sigmas[i - 1]))) issue(["sampler", "sigmas"], "expected strictly decreasing levels");
    if (s.sigmas.length > 0 && s.sigmas[s.sigmas.length - 1] !== 0) issue(["sampler", "sigmas"], `expected the last level to be 0, got ${s.sigmas[s.sigmas.length - 1]}`);
    if (m.kind === "flow" && s.sigmas[0] !== 1) issue(["sampler", "sigmas"], `flow: expected t levels from 1 down to 0, got ${s.sigmas[0]} first`);
    const allowed = m.kind === "flow" ? ["velocity", "x0"] : ["x0", "eps"];
    if (!allowed.includes(s.parameterization)) issue(["sampler", "parameterization"], `a ${m.kind} model's output is ${allowed.join(" or ")}, got ${s.parameterization}`);
  });

export type WorldModelManifest = z.output<typeof worldModelManifestSchema>;

/** Validates a parsed manifest; the error names the file and every offending field. */
export function parseWorldModelManifest(json: unknown, source = "manifest.json"): WorldModelManifest {
  return parseWith(worldModelManifestSchema, json, source, "world-model manifest");
}

/** Parses with a zod schema and throws one error naming the file and every field at fault. */
export function parseWith<S extends z.ZodType>(schema: S, json: unknown, source: string, what: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  manifest${formatPath(i.path)}: ${i.message.replace(/^Invalid input: /, "")}`);
  throw new Error(`${source}: invalid ${what}\n${lines.join("\n")}`);
}

/** Number of context frames the model reads. */
export function contextLength(m: WorldModelManifest): number {
  return "frames" in m.context ? m.context.frames : m.context.historyIndex.length;
}

/** Context offsets relative to the frame being predicted, oldest first: `frames: 4` is [-4, -3, -2, -1]. */
export function historyOffsets(m: WorldModelManifest): number[] {
  if ("historyIndex" in m.context) return m.context.historyIndex;
  const n = m.context.frames;
  return Array.from({ length: n }, (_, i) => i - n);
}

/** Frames predicted per model call (the chunk for chunk conditioning, else 1). */
export function framesPerCall(m: WorldModelManifest): number {
  return m.action.conditioning === "chunk" ? m.action.chunk : 1;
}

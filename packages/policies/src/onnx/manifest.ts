/**
 * The manifest that sits beside an ONNX policy (manifest.json + model.onnx): which observation
 * feeds which graph input and how it is normalised, and how the graph's output becomes actions.
 * Documented in models/README.md.
 */
import { checkTensorsAgainstGraph, type GraphValue } from "@gauntlet/core";
import { z } from "zod";

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const positive = finite.refine((v) => v > 0, "expected a positive number");
const dim = z.number().int().positive();
const tensorBase = {
  /** The graph input's name. */
  name: z.string().min(1),
  /** ONNX element type, as onnxruntime names it; the runner feeds and reads float32 only. */
  dtype: z.enum(["float32", "float16", "float64", "int8", "uint8", "int32", "int64", "bool"]),
  /** The shape the runner feeds, batch of one first. */
  shape: z.array(dim).min(1),
};

const imageInput = z.object({
  role: z.literal("image"),
  ...tensorBase,
  /** The observation camera to read. */
  camera: z.string().min(1),
  layout: z.literal("NCHW"),
  channels: z.literal("RGB"),
  /** How the frame is brought to the input size: `resizeArea`. */
  resize: z.literal("area"),
  /** pixel = (byte / scale - mean[c]) / std[c]. */
  scale: positive,
  mean: z.array(finite).length(3),
  std: z.array(positive).length(3),
});

const stateInput = z.object({
  role: z.literal("state"),
  ...tensorBase,
  /** input = (obs.state - mean) / std, component-wise. */
  mean: z.array(finite),
  std: z.array(positive),
});

const taskInput = z.object({
  role: z.literal("task"),
  ...tensorBase,
  /** What selects the one-hot entry: the observation's instruction, or the env spec's task type. */
  key: z.enum(["instruction", "task"]),
  vocabulary: z.array(z.string().min(1)).min(1),
});

const input = z.discriminatedUnion("role", [imageInput, stateInput, taskInput]);

const output = z.object({
  ...tensorBase,
  /** Actions predicted per call (H); the output shape is [1, H, action dims]. */
  chunk: dim,
  /** How many of the H actions the runner returns per call (1..H); H by default. */
  execute: dim.optional(),
  /** action = output * std + mean, component-wise (not applied to the gripper component). */
  mean: z.array(finite),
  std: z.array(positive),
  /** The gripper component is a logit: sigmoid, then 1 (open) / 0 (closed) at `threshold`, or the probability when threshold is null. */
  gripper: z.object({ index: z.number().int().nonnegative(), threshold: z.number().min(0).max(1).nullable() }).optional(),
});

export const onnxPolicyManifestSchema = z
  .object({
    format: z.literal("gauntlet.onnx-policy"),
    version: z.literal(1),
    name: z.string().min(1),
    /** The ONNX file, relative to the manifest. */
    model: z.string().min(1),
    action: z.object({ kind: z.string().min(1), layout: z.array(z.string().min(1)).min(1) }),
    inputs: z.array(input).min(1),
    output,
    /** Free-form provenance (training data, steps, time); the runner ignores it. */
    about: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((m, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    m.inputs.forEach((inp, i) => {
      const at = ["inputs", i, "shape"];
      if (inp.shape[0] !== 1) issue(at, `expected a batch of 1 first, got [${inp.shape}]`);
      if (inp.role === "image" && (inp.shape.length !== 4 || inp.shape[1] !== 3)) issue(at, `image (NCHW RGB): expected [1, 3, height, width], got [${inp.shape}]`);
      if (inp.role === "state") {
        if (inp.shape.length !== 2) issue(at, `state: expected [1, dims], got [${inp.shape}]`);
        if (inp.mean.length !== inp.shape[1] || inp.std.length !== inp.shape[1]) issue(["inputs", i], `state: mean and std need ${inp.shape[1]} entries, got ${inp.mean.length} and ${inp.std.length}`);
      }
      if (inp.role === "task" && (inp.shape.length !== 2 || inp.shape[1] !== inp.vocabulary.length)) {
        issue(at, `task: expected [1, ${inp.vocabulary.length}] for a vocabulary of ${inp.vocabulary.length}, got [${inp.shape}]`);
      }
    });
    const names = m.inputs.map((x) => x.name);
    if (new Set(names).size !== names.length) issue(["inputs"], `input names must be unique, got ${names.join(", ")}`);
    const o = m.output;
    const dims = m.action.layout.length;
    if (o.shape.length !== 3 || o.shape[0] !== 1 || o.shape[1] !== o.chunk || o.shape[2] !== dims) {
      issue(["output", "shape"], `expected [1, chunk=${o.chunk}, ${dims} action dims], got [${o.shape}]`);
    }
    if (o.mean.length !== dims || o.std.length !== dims) issue(["output"], `mean and std need ${dims} entries, got ${o.mean.length} and ${o.std.length}`);
    if ((o.execute ?? o.chunk) > o.chunk) issue(["output", "execute"], `must be at most chunk (${o.chunk}), got ${o.execute}`);
    if (o.gripper && o.gripper.index >= dims) issue(["output", "gripper", "index"], `must be below ${dims}, got ${o.gripper.index}`);
  });

export type OnnxPolicyManifest = z.infer<typeof onnxPolicyManifestSchema>;
export type OnnxPolicyInput = OnnxPolicyManifest["inputs"][number];

/** Validates a parsed manifest; errors name the file and every offending field. */
export function parseOnnxPolicyManifest(json: unknown, source = "manifest.json"): OnnxPolicyManifest {
  const parsed = onnxPolicyManifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new Error(`${source}: invalid ONNX policy manifest\n${lines.join("\n")}`);
}

/**
 * Checks the manifest's tensors against the graph's declared inputs and outputs and throws one
 * error listing every mismatch (name, dtype, shape), so a wrong manifest fails at load time.
 */
export function checkManifestAgainstGraph(m: OnnxPolicyManifest, graph: { inputs: GraphValue[]; outputs: GraphValue[] }, source: string): void {
  const inputs = m.inputs.map((inp, i) => ({ ...inp, where: `inputs[${i}] (${inp.role})` }));
  checkTensorsAgainstGraph({ inputs, outputs: [{ ...m.output, where: "output" }] }, graph, source, m.model);
  const unsupported = [...m.inputs, m.output].filter((t) => t.dtype !== "float32");
  if (unsupported.length > 0) throw new Error(`${source}: ${unsupported.map((t) => `"${t.name}": dtype ${t.dtype} is not supported by the runner; use float32`).join("; ")}`);
}

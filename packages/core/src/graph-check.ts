/**
 * Checks the tensors a manifest declares against what a loaded ONNX graph declares, so a manifest
 * that does not match its model fails at load time with every mismatch named, not mid-rollout.
 * Shared by ONNX policies and world models; runtime-free (the caller reads the graph's metadata).
 */

/** What a loaded graph declares about one input or output. */
export interface GraphValue {
  name: string;
  /** ONNX element type ("float32", "int64", ...), or undefined for a non-tensor value. */
  type?: string;
  /** Numbers for fixed dims, strings (or -1) for symbolic ones, which match any size. */
  shape: ReadonlyArray<number | string>;
}

/** What onnxruntime (node or web) reports of one graph input or output. */
export type GraphValueMetadata = { name: string; isTensor: true; type: string; shape: ReadonlyArray<number | string> } | { name: string; isTensor: false };

/** Reads an input or output's declared name, element type and shape from onnxruntime metadata. */
export function graphValue(v: GraphValueMetadata): GraphValue {
  return v.isTensor ? { name: v.name, type: v.type, shape: v.shape } : { name: v.name, shape: [] };
}

/** A tensor as a manifest declares it; a -1 dim is a free size (the batch) and needs a symbolic graph dim. */
export interface DeclaredTensor {
  /** Where the manifest declares it, for messages, e.g. `inputs.frames`. */
  where: string;
  name: string;
  dtype: string;
  shape: readonly number[];
}

/** Lists every mismatch between declared tensors and the graph's values of one kind (names, dtypes, shapes). */
export function graphMismatches(declared: readonly DeclaredTensor[], values: readonly GraphValue[], kind: "input" | "output"): string[] {
  const problems: string[] = [];
  for (const d of declared) {
    const found = values.find((v) => v.name === d.name);
    if (!found) {
      problems.push(`${d.where}: name "${d.name}" is not an ${kind} of the model (model ${kind}s: ${values.map((v) => v.name).join(", ")})`);
      continue;
    }
    if (found.type !== d.dtype) problems.push(`${d.where} "${d.name}": dtype ${d.dtype}, but the model declares ${found.type ?? "a non-tensor value"}`);
    const symbolic = (g: number | string) => typeof g === "string" || g < 0;
    const fits = found.shape.length === d.shape.length && found.shape.every((g, i) => symbolic(g) || (d.shape[i] !== -1 && g === d.shape[i]));
    if (!fits) {
      const free = d.shape.some((s, i) => s === -1 && typeof found.shape[i] === "number" && (found.shape[i] as number) >= 0);
      const hint = free ? " (a -1 dim needs a dynamic axis in the graph: export with dynamic_axes)" : "";
      problems.push(`${d.where} "${d.name}": shape [${d.shape}], but the model declares [${found.shape}]${hint}`);
    }
  }
  return problems;
}

/**
 * Throws one error listing every mismatch between the declared inputs/outputs and the graph's,
 * including graph inputs the manifest does not feed. `source` names the manifest, `model` its ONNX file.
 */
export function checkTensorsAgainstGraph(
  declared: { inputs: readonly DeclaredTensor[]; outputs: readonly DeclaredTensor[] },
  graph: { inputs: readonly GraphValue[]; outputs: readonly GraphValue[] },
  source: string,
  model: string,
): void {
  const problems = [...graphMismatches(declared.inputs, graph.inputs, "input"), ...graphMismatches(declared.outputs, graph.outputs, "output")];
  const fed = new Set(declared.inputs.map((d) => d.name));
  for (const v of graph.inputs) if (!fed.has(v.name)) problems.push(`the model's input "${v.name}" is not in the manifest's inputs`);
  if (problems.length > 0) throw new Error(`${source} does not match ${model}:\n  ${problems.join("\n  ")}`);
}

/**
 * Evaluation configs (`evaluations/*.json`): which policies run on which scenes for which seeds.
 * Validation errors name the field, e.g. `evaluation.policies[2].noise: expected a number >= 0`.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { formatPath } from "@gauntlet/core";
import { z } from "zod";

const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, "expected letters, digits, '.', '_' or '-'");
const common = { name: name.optional() };

export const policySpecSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("oracle"), noise: z.number().min(0, "expected a number >= 0").default(0), ...common }).strict(),
    z.object({ kind: z.literal("random"), ...common }).strict(),
    z
      .object({
        kind: z.literal("vision"),
        noise: z.number().min(0).default(0),
        delay: z.number().int().min(0).default(0),
        gain: z.number().gt(0).max(1).default(1),
        ...common,
      })
      .strict(),
    z.object({ kind: z.literal("onnx"), path: z.string().min(1, "expected a model folder"), ...common }).strict(),
    z
      .object({
        kind: z.literal("openpi"),
        url: z.string().regex(/^wss?:\/\//, "expected a ws:// or wss:// url"),
        apiKey: z.string().optional(),
        keys: z.record(z.string(), z.unknown()).optional(),
        timeoutMs: z.number().int().positive().optional(),
        ...common,
      })
      .strict(),
    z
      .object({
        kind: z.literal("http"),
        url: z.string().regex(/^https?:\/\//, "expected an http:// or https:// url"),
        timeoutMs: z.number().int().positive().optional(),
        ...common,
      })
      .strict(),
  ],
  { error: "expected kind to be one of oracle, random, vision, onnx, openpi, http" },
);

export type PolicySpec = z.output<typeof policySpecSchema>;

const evaluationSchema = z
  .object({
    name,
    description: z.string().optional(),
    /** Scene files, relative to the config file. */
    scenes: z.array(z.string().min(1)).min(1, "expected at least one scene file"),
    policies: z.array(z.union([z.string(), policySpecSchema])).min(1, "expected at least one policy"),
    seeds: z.object({ start: z.number().int().default(0), count: z.number().int().positive() }).strict(),
    /** Cameras to render and record; all of each scene's by default. */
    cameras: z.array(z.string()).optional(),
    /** How often an episode whose policy was unavailable is retried before it is recorded as errored. */
    maxRetries: z.number().int().min(0).default(2),
    /** Where episodes run: the simulator, or a world model (whose first frames the simulator renders). */
    backend: z.enum(["sim", "world-model"]).default("sim"),
    /** The world-model folder (backend "world-model"), relative to the config file. */
    worldModel: z.string().min(1, "expected a model folder").optional(),
    /** The judge folder that scores world-model frames; without one every world-model episode reports failure. */
    judge: z.string().min(1, "expected a judge folder").optional(),
    /** World-model episodes stepped together, one ONNX call per step for all of them. */
    batch: z.number().int().positive().default(16),
    /** Perturbation axes ("all" or registry names, see packages/perturb) and severity levels that `gauntlet stress` runs. */
    perturbations: z
      .object({
        axes: z.union([z.literal("all"), z.array(z.string().min(1)).min(1, "expected at least one axis")]).default("all"),
        levels: z.array(z.number().int().min(0, "expected a level >= 0")).min(1, "expected at least one level").default([0, 1, 2, 3]),
      })
      .strict()
      .optional(),
  })
  .strict();

export type EvaluationConfig = Omit<z.output<typeof evaluationSchema>, "policies"> & {
  policies: PolicySpec[];
  /** Absolute scene paths. */
  scenePaths: string[];
};

/** Validates an evaluation config; scene paths resolve against `baseDir`. Errors name the field. */
export function parseEvaluationConfig(json: unknown, baseDir: string, source = "evaluation"): EvaluationConfig {
  const result = evaluationSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `evaluation${formatPath(i.path)}: ${i.message.replace(/^Invalid input: /, "")}`);
    throw new Error(`invalid ${source}:\n  ${issues.join("\n  ")}`);
  }
  const config = result.data;
  const policies = config.policies.map((p, i) => {
    try {
      const spec = typeof p === "string" ? parsePolicyShorthand(p) : p;
      // Model folders are relative to the config file, like scenes.
      return spec.kind === "onnx" ? { ...spec, path: resolve(baseDir, spec.path) } : spec;
    } catch (err) {
      throw new Error(`invalid ${source}:\n  evaluation.policies[${i}]: ${(err as Error).message}`);
    }
  });
  if (config.backend === "world-model") {
    if (!config.worldModel) throw new Error(`invalid ${source}:\n  evaluation.worldModel: expected a model folder, since backend is "world-model"`);
    const oracle = policies.findIndex((p) => p.kind === "oracle");
    if (oracle >= 0) throw new Error(`invalid ${source}:\n  evaluation.policies[${oracle}]: an oracle reads the simulator's true state, so it cannot run with backend "world-model"`);
    config.worldModel = resolve(baseDir, config.worldModel);
    if (config.judge) config.judge = resolve(baseDir, config.judge);
  } else if (config.worldModel || config.judge) {
    throw new Error(`invalid ${source}:\n  evaluation.${config.worldModel ? "worldModel" : "judge"}: only used with backend "world-model" (backend is "${config.backend}")`);
  }
  const names = policies.map(policyName);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`invalid ${source}:\n  evaluation.policies: two policies are named "${duplicate}"; give one a distinct name`);
  return { ...config, policies, scenePaths: config.scenes.map((s) => resolve(baseDir, s)) };
}

/** Reads and validates an evaluation config file. */
export function loadEvaluationConfig(path: string): EvaluationConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  return parseEvaluationConfig(json, dirname(resolve(path)), `evaluation config ${path}`);
}

/** Parses the command-line shorthand: `oracle`, `oracle:noise=0.3`, `random`, `vision:delay=2`, `onnx:models/bc/x`. */
export function parsePolicyShorthand(spec: string): PolicySpec {
  const [kind, ...rest] = spec.split(":");
  const arg = rest.join(":");
  if (kind === "onnx") return policySpecSchema.parse({ kind, path: arg });
  if (kind === "openpi" || kind === "http") return policySpecSchema.parse({ kind, url: arg });
  const params = Object.fromEntries(
    arg
      .split(",")
      .filter(Boolean)
      .map((kv) => {
        const [k, v] = kv.split("=");
        return [k, Number(v)];
      }),
  );
  const parsed = policySpecSchema.safeParse({ kind, ...params });
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `${formatPath(i.path).slice(1) || "kind"}: ${i.message.replace(/^Invalid input: /, "")}`).join("; ");
  throw new Error(`policy "${spec}": ${why}`);
}

/** A policy's display name: its `name`, else one derived from its settings. */
export function policyName(spec: PolicySpec): string {
  if (spec.name) return spec.name;
  switch (spec.kind) {
    case "oracle":
      return spec.noise ? `oracle-noise${spec.noise}` : "oracle";
    case "vision":
      return `vision${spec.noise ? `-noise${spec.noise}` : ""}${spec.delay ? `-delay${spec.delay}` : ""}${spec.gain !== 1 ? `-gain${spec.gain}` : ""}`;
    case "onnx":
      return spec.path.replace(/\/+$/, "").split("/").pop() as string;
    default:
      return spec.kind;
  }
}

/**
 * Validation configs (`evaluations/validate.json`): which policies, scenes and seeds run closed
 * loop in both backends, and which held-out simulator episodes score the world model open loop
 * and the judge. Errors name the field, e.g. `validate.heldOut.episodes: expected a positive integer`.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { formatPath } from "@gauntlet/core";
import { z } from "zod";
import { type EvaluationConfig, type PolicySpec, parseEvaluationConfig, parsePolicyShorthand, policySpecSchema } from "../evaluation-config";

const schema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "expected letters, digits, '.', '_' or '-'"),
    description: z.string().optional(),
    /** Closed loop: an evaluation config's scenes, policies and seeds, run in the simulator and in the world model. */
    closedLoop: z.object({ scenes: z.array(z.string().min(1)).min(1), policies: z.array(z.union([z.string(), policySpecSchema])).min(3, "expected at least 3 policies (agreement needs 3; the target is 6 or more)"), seeds: z.object({ start: z.number().int().default(0), count: z.number().int().positive() }).strict() }).strict(),
    /** Held-out simulator episodes (gauntlet dataset) for open-loop image quality and judge accuracy. */
    heldOut: z
      .object({
        episodes: z.number().int().positive("expected a positive integer"),
        seed: z.number().int().min(0),
        /** Policies that drive them; the dataset ladder by default. */
        policies: z.array(z.union([z.string(), policySpecSchema])).optional(),
      })
      .strict(),
    horizons: z.array(z.number().int().positive()).min(1).default([1, 5, 10, 20]),
    /** Real robot episodes (Bridge debug format) scored open loop; the model's first view reads `view`. */
    real: z.object({ dir: z.string().min(1), view: z.string().min(1), horizons: z.array(z.number().int().positive()).min(1).default([1, 3, 5, 9]) }).strict().optional(),
    bootstrap: z.number().int().min(0).default(1000),
  })
  .strict();

export interface ValidateConfig {
  name: string;
  description?: string;
  closedLoop: EvaluationConfig;
  heldOut: { episodes: number; seed: number; policies?: PolicySpec[] };
  horizons: number[];
  real?: { dir: string; view: string; horizons: number[] };
  bootstrap: number;
}

/** Validates a validation config; scene and model paths resolve against `baseDir`. */
export function parseValidateConfig(json: unknown, baseDir: string, source = "validate config"): ValidateConfig {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `validate${formatPath(i.path)}: ${i.message.replace(/^Invalid input: /, "")}`);
    throw new Error(`invalid ${source}:\n  ${issues.join("\n  ")}`);
  }
  const c = result.data;
  const closedLoop = parseEvaluationConfig({ name: c.name, ...c.closedLoop, cameras: ["third"] }, baseDir, `${source} (closedLoop)`);
  const oracle = closedLoop.policies.find((p) => p.kind === "oracle");
  if (oracle) throw new Error(`invalid ${source}:\n  validate.closedLoop.policies: the oracle reads the simulator's true state, which a world model does not have; use observation-only policies`);
  const heldOutPolicies = c.heldOut.policies?.map((p, i) => {
    try {
      const spec = typeof p === "string" ? parsePolicyShorthand(p) : p;
      return spec.kind === "onnx" ? { ...spec, path: resolve(baseDir, spec.path) } : spec;
    } catch (err) {
      throw new Error(`invalid ${source}:\n  validate.heldOut.policies[${i}]: ${(err as Error).message}`);
    }
  });
  return { name: c.name, description: c.description, closedLoop, heldOut: { ...c.heldOut, policies: heldOutPolicies }, horizons: c.horizons, real: c.real && { ...c.real, dir: resolve(baseDir, c.real.dir) }, bootstrap: c.bootstrap };
}

/** Reads and validates a validation config file. */
export function loadValidateConfig(path: string): ValidateConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  return parseValidateConfig(json, dirname(resolve(path)), `validate config ${path}`);
}

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseEvaluationConfig, runEvaluation, summarize } from "@gauntlet/rollout";
import { loadScene } from "@gauntlet/sim";
import { printSummary } from "../print-summary";

/** `gauntlet rollout --scene <file> --policy <spec> --episodes N --seed S [--out DIR] [--cameras a,b] [--workers N]` */
export async function rollout(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      scene: { type: "string", multiple: true },
      policy: { type: "string", multiple: true, default: ["oracle"] },
      episodes: { type: "string", default: "5" },
      seed: { type: "string", default: "0" },
      out: { type: "string" },
      cameras: { type: "string" },
      workers: { type: "string", default: "1" },
    },
  });
  if (!values.scene?.length) throw new Error("--scene: expected at least one scene file, e.g. --scene scenes/pick-cube.json");
  const scenes = values.scene.map((file) => ({ file: resolve(file), scene: loadScene(file) }));
  const config = parseEvaluationConfig(
    {
      name: "rollout",
      scenes: scenes.map((s) => s.file),
      policies: values.policy,
      seeds: { start: integer(values.seed, "--seed"), count: positiveInt(values.episodes, "--episodes") },
      cameras: values.cameras?.split(","),
    },
    process.cwd(),
    "rollout options",
  );
  const out = values.out ?? `runs/rollout-${scenes.map((s) => s.scene.id).join("+")}`;
  const records = await runEvaluation(config, { out, workers: positiveInt(values.workers, "--workers") });
  printSummary(summarize(config.name, records));
  console.log(`\nepisodes, videos and index.html in ${out}/`);
}

/** Parses a positive integer flag, naming the flag on error. */
export function positiveInt(value: string | undefined, flag: string): number {
  const n = integer(value, flag);
  if (n < 1) throw new Error(`${flag}: expected a positive integer, got ${value}`);
  return n;
}

/** Parses a non-negative integer flag, naming the flag on error. */
export function nonNegativeInt(value: string | undefined, flag: string): number {
  const n = integer(value, flag);
  if (n < 0) throw new Error(`${flag}: expected a non-negative integer, got ${value}`);
  return n;
}

function integer(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${flag}: expected an integer, got ${value}`);
  return n;
}

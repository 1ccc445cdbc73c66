import { parseArgs } from "node:util";
import { runRollouts } from "@gauntlet/rollout";
import { loadScene } from "@gauntlet/sim";
import { printSuccessTable } from "../success-table";

/** `gauntlet rollout --scene <file> --policy <spec> --episodes N --seed S [--out DIR] [--cameras a,b]` */
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
    },
  });
  if (!values.scene?.length) throw new Error("--scene: expected at least one scene file, e.g. --scene scenes/pick-cube.json");
  const episodes = positiveInt(values.episodes, "--episodes");
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got ${values.seed}`);
  const scenes = values.scene.map(loadScene);
  const out = values.out ?? `runs/rollout-${scenes.map((s) => s.id).join("+")}`;
  const records = await runRollouts({ scenes, policies: values.policy, episodes, seed, out, cameras: values.cameras?.split(",") });
  printSuccessTable(records);
  console.log(`\nepisodes, videos and index.html in ${out}/`);
}

export function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got ${value}`);
  return n;
}

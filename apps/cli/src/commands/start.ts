import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runRollouts } from "@gauntlet/rollout";
import { loadScene } from "@gauntlet/sim";
import { printSuccessTable } from "../success-table";
import { positiveInt } from "./rollout";
import { serveFolder } from "./serve";

/** The default ladder: the clean expert, two degraded experts (action noise 10% and 20% of the limits) and the random floor. */
export const DEFAULT_POLICIES = ["oracle", "oracle:noise=0.1", "oracle:noise=0.2", "random"];

/** `gauntlet start`: rolls the default policies out on every scene in scenes/, prints the table, writes the run, serves it. */
export async function start(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      episodes: { type: "string", default: "10" },
      out: { type: "string", default: "runs/default" },
      serve: { type: "boolean", default: !process.env.CI },
      port: { type: "string", default: process.env.PORT ?? "8787" },
    },
  });
  const sceneFiles = readdirSync("scenes").filter((f) => f.endsWith(".json")).sort();
  const scenes = sceneFiles.map((f) => loadScene(join("scenes", f)));
  console.log(`evaluating ${DEFAULT_POLICIES.length} policies on ${scenes.length} scenes (${sceneFiles.join(", ")})`);
  const records = await runRollouts({ scenes, policies: DEFAULT_POLICIES, episodes: positiveInt(values.episodes, "--episodes"), seed: 0, out: values.out });
  const rows = printSuccessTable(records);
  await writeFile(join(values.out, "summary.json"), `${JSON.stringify({ policies: DEFAULT_POLICIES, rows }, null, 2)}\n`);
  console.log(`\nsummary.json and index.html written to ${values.out}/`);
  if (values.serve) await serveFolder(values.out, Number(values.port));
}

import { parseArgs } from "node:util";
import { arena } from "./arena";
import { evaluate } from "./evaluate";

/**
 * `gauntlet start`: evaluates evaluations/default.json, prints the leaderboard and writes the report,
 * then serves the arena (judging UI, leaderboard, run browser) with that run imported and its report at /reports/<run>/.
 */
export async function start(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: "string", default: "evaluations/default.json" },
      workers: { type: "string" },
      serve: { type: "boolean", default: !process.env.CI },
      port: { type: "string", default: process.env.PORT ?? "8787" },
    },
  });
  const out = await evaluate([values.config, ...(values.workers ? ["--workers", values.workers] : [])]);
  // A local, single-user job: the run browser and report need not hide policies from blind judges.
  if (values.serve) await arena(["--import", out, "--port", values.port, "--public-runs"]);
}

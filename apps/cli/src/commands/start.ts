import { parseArgs } from "node:util";
import { evaluate } from "./evaluate";
import { serveFolder } from "./serve";

/** `gauntlet start`: evaluates evaluations/default.json, prints the leaderboard, writes the report and serves it. */
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
  if (values.serve) await serveFolder(out, Number(values.port), "report.html");
}

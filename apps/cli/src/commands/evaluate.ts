import { parseArgs } from "node:util";
import { defaultWorkerCount, loadEvaluationConfig, runEvaluation, writeReport } from "@gauntlet/rollout";
import { runQueuedEvaluation } from "@gauntlet/rollout/queue";
import { printSummary } from "../print-summary";
import { positiveInt } from "./rollout";

/**
 * `gauntlet evaluate evaluations/<name>.json [--workers N] [--out DIR]`: runs, prints the leaderboard, writes summary.json and report.html.
 * With `--queue redis://… [--database postgres://…] [--window N]` the episodes run on `gauntlet worker`s anywhere instead.
 */
export async function evaluate(args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { workers: { type: "string" }, out: { type: "string" }, queue: { type: "string" }, database: { type: "string" }, window: { type: "string" } },
  });
  if (positionals.length !== 1) throw new Error("expected one evaluation config, e.g. gauntlet evaluate evaluations/default.json");
  const config = loadEvaluationConfig(positionals[0]);
  const out = values.out ?? `runs/${config.name}`;
  const workers = values.workers ? positiveInt(values.workers, "--workers") : defaultWorkerCount();
  const databaseUrl = values.database ?? process.env.DATABASE_URL;
  if (values.queue && !databaseUrl) throw new Error("--database: the queue needs a postgres:// url (or DATABASE_URL) that every worker can reach");
  const records =
    values.queue && databaseUrl
      ? await runQueuedEvaluation(config, { out, queueUrl: values.queue, databaseUrl, window: values.window ? positiveInt(values.window, "--window") : undefined })
      : await runEvaluation(config, { out, workers });
  const { summary, reportPath } = await writeReport(out, config.name, records);
  printSummary(summary);
  console.log(`\nsummary.json and ${reportPath} written; episodes in ${out}/episodes`);
  return out;
}

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EpisodeRecord } from "@gauntlet/core";
import { renderReport } from "./report-html";
import { type Summary, summarize } from "./summarize";

/** Writes `summary.json` and the self-contained `report.html` into the run folder. */
export async function writeReport(runDir: string, name: string, records: EpisodeRecord[]): Promise<{ summary: Summary; reportPath: string }> {
  const summary = summarize(name, records);
  await writeFile(join(runDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const reportPath = join(runDir, "report.html");
  await writeFile(reportPath, await renderReport(runDir, summary, records));
  return { summary, reportPath };
}

/** Writes a stress run's `summary.json` and self-contained `report.html` into its run folder. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StressRun } from "../stress/run-stress";
import { renderGallery } from "./gallery";
import { renderStressReport } from "./stress-report-html";
import { type StressSummary, summarizeStress } from "./stress-summary";

/** Summarises the run, renders the gallery from the first scene and seed, and writes both files. */
export async function writeStressReport(runDir: string, name: string, run: StressRun, gallerySource: { scenePath: string; seed: number }): Promise<{ summary: StressSummary; reportPath: string }> {
  const summary = summarizeStress(name, run.records, run.axes, run.levels, run.rejected);
  await writeFile(join(runDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const gallery = await renderGallery(gallerySource.scenePath, run.axes, run.levels, gallerySource.seed);
  const reportPath = join(runDir, "report.html");
  await writeFile(reportPath, renderStressReport(summary, gallery));
  return { summary, reportPath };
}

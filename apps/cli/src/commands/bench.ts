import { join } from "node:path";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { BenchSection, Figure } from "../bench/figures";
import { episodesSection, rankingSection, remoteSection, simSection } from "../bench/core-sections";
import { queueSection } from "../bench/queue";
import { perturbSection } from "../bench/perturb";
import { real2simSection } from "../bench/real2sim";
import { webSection } from "../bench/web";
import { arenaSection } from "../bench/arena";
import { worldModelSection } from "../bench/world-model";

/** Every section, in the order `gauntlet bench` runs them. */
const SECTIONS: BenchSection[] = [simSection, episodesSection, rankingSection, remoteSection, queueSection, perturbSection, real2simSection, webSection, arenaSection, worldModelSection];

/**
 * `gauntlet bench [--only a,b]`: measures every section, prints a table and writes bench-results/latest.json.
 * With --only, figures of the other sections already in latest.json are kept.
 */
export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { only: { type: "string" } } });
  const only = values.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((n) => !SECTIONS.some((s) => s.name === n)) ?? [];
  if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(", ")}; expected some of ${SECTIONS.map((s) => s.name).join(", ")}`);
  const path = join("bench-results", "latest.json");
  type Stored = Figure & { section?: string };
  const previous: Stored[] = only ? await readFile(path, "utf8").then((t) => JSON.parse(t).figures as Stored[], () => []) : [];
  const sections: Record<string, Figure[]> = {};
  for (const section of SECTIONS.filter((s) => !only || only.includes(s.name))) {
    console.log(`\n# ${section.name}`);
    const figures: Figure[] = [];
    sections[section.name] = figures;
    await section.run((f) => {
      figures.push(f);
      const digits = f.value < 10 ? 2 : f.unit === "%" ? 1 : 0;
      console.log(`${f.figure}: ${f.value.toFixed(digits)} ${f.unit}${f.target ? `  (target ${f.target})` : ""}`);
    });
  }
  const fresh = Object.entries(sections).flatMap(([section, figures]) => figures.map((f) => ({ section, ...f })));
  const kept = previous.filter((f) => f.section && !sections[f.section]);
  await mkdir("bench-results", { recursive: true });
  await writeFile(path, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, figures: [...kept, ...fresh] }, null, 2)}\n`);
  console.log(`\nwritten to ${path}`);
  process.exit(0);
}

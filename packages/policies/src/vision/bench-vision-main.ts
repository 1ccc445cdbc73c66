/**
 * Prints the vision policy's closed-loop success per scene and knob setting, and optionally
 * writes the episodes as JSON.
 *
 *   npx tsx packages/policies/src/vision/bench-vision-main.ts                 # seeds 0-29, default ladder
 *   npx tsx packages/policies/src/vision/bench-vision-main.ts --seeds 10 --out /tmp/vision.json
 *   npx tsx packages/policies/src/vision/bench-vision-main.ts --knobs "noise=0.2" --knobs "delay=1,gain=0.5"
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadScene } from "@gauntlet/sim";
import { benchVisionPolicy, type VisionEpisode } from "./bench-vision";
import type { VisionKnobs } from "./vision-options";

const SCENES = ["pick-cube", "push-block", "place-on-plate", "stack-cube"];
const LADDER = ["clean", "gain=0.5", "noise=0.2", "delay=1", "delay=2,noise=0.1"];

/** "delay=2,noise=0.1" → { delay: 2, noise: 0.1 }; "clean" → {}. */
function parseKnobs(text: string): VisionKnobs {
  if (text === "clean") return {};
  const knobs: Record<string, number> = {};
  for (const part of text.split(",")) {
    const [key, value] = part.split("=");
    if (!["noise", "delay", "gain"].includes(key) || !Number.isFinite(Number(value))) throw new Error(`--knobs "${text}": expected key=value pairs of noise, delay, gain`);
    knobs[key] = Number(value);
  }
  return knobs;
}

const { values } = parseArgs({ options: { seeds: { type: "string", default: "30" }, knobs: { type: "string", multiple: true }, scenes: { type: "string" }, out: { type: "string" } } });
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
const settings = values.knobs ?? LADDER;
const scenes = values.scenes ? values.scenes.split(",") : SCENES;
const results: { setting: string; scene: string; episodes: VisionEpisode[] }[] = [];
console.log(`| setting | ${scenes.join(" | ")} |`);
console.log(`|---|${scenes.map(() => "---").join("|")}|`);
for (const setting of settings) {
  const cells: string[] = [];
  for (const name of scenes) {
    const scene = loadScene(fileURLToPath(new URL(`../../../../scenes/${name}.json`, import.meta.url)));
    const episodes = await benchVisionPolicy(scene, parseKnobs(setting), seeds);
    results.push({ setting, scene: name, episodes });
    const wins = episodes.filter((e) => e.success).length;
    cells.push(`${wins}/${episodes.length} (${Math.round((100 * wins) / episodes.length)}%)`);
  }
  console.log(`| ${setting} | ${cells.join(" | ")} |`);
}
if (values.out) writeFileSync(values.out, `${JSON.stringify(results, null, 1)}\n`);
process.exit(0);

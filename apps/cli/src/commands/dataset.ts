/**
 * `gauntlet dataset`: simulator episodes as world-model training data (frames, actions, states,
 * true success and progress), driven by a ladder of policies from expert to random.
 *
 *   gauntlet dataset --out models/world-model/data --episodes 144
 *   gauntlet dataset --out /tmp/tiny --episodes 2 --scenes scenes/pick-cube.json --policy random --size 32
 *   gauntlet dataset --out /tmp/carry --episodes 12 --after-success 10   # keep recording 10 steps past success
 *
 * --episodes is per scene; episode e uses seed --seed + e and policy e mod (ladder length). The
 * default ladder is oracle (noise 0, 0.3, 0.6), the six BC checkpoints, vision (two skills), random.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parsePolicyShorthand } from "@gauntlet/rollout";
import { defaultDatasetLadder, generateDataset } from "@gauntlet/rollout/dataset";
import { loadScene } from "@gauntlet/sim";
import { nonNegativeInt, positiveInt } from "./rollout";

const SUITE = ["scenes/pick-cube.json", "scenes/push-block.json", "scenes/place-on-plate.json", "scenes/stack-cube.json"];

/** `gauntlet dataset --out DIR --episodes N [--scenes a.json,b.json] [--policy spec]... [--seed S] [--size 64] [--after-success K]` */
export async function dataset(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: "models/world-model/data" },
      episodes: { type: "string", default: "144" },
      scenes: { type: "string", default: SUITE.join(",") },
      policy: { type: "string", multiple: true },
      seed: { type: "string", default: "20000" },
      size: { type: "string", default: "64" },
      "after-success": { type: "string", default: "0" },
    },
  });
  const seed = nonNegativeInt(values.seed, "--seed");
  const policies = values.policy?.length ? values.policy.map(parsePolicyShorthand) : defaultDatasetLadder(resolve("models/bc"));
  const scenes = values.scenes.split(",").filter(Boolean).map((f) => loadScene(f));
  const started = performance.now();
  const index = await generateDataset({
    out: values.out,
    scenes,
    episodes: positiveInt(values.episodes, "--episodes"),
    seed,
    policies,
    size: positiveInt(values.size, "--size"),
    afterSuccess: nonNegativeInt(values["after-success"], "--after-success"),
  });
  const frames = index.episodes.reduce((n, e) => n + e.steps + 1, 0);
  const successes = index.episodes.filter((e) => e.success).length;
  console.log(`${index.episodes.length} episodes (${successes} successes), ${frames} frames in ${values.out} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

/**
 * Evaluates the BC checkpoint ladder closed-loop on the default suite (physics plus third-camera
 * rendering), prints a success table and writes models/bc/ladder-results.json.
 *
 *   npx tsx models/bc/evaluate-ladder.ts                       # every models/bc/<rung>/, seeds 0-29
 *   npx tsx models/bc/evaluate-ladder.ts --seeds 10 --checkpoints bc-d010,bc-d050 --out /tmp/r.json
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Observation, Policy } from "@gauntlet/core";
import { loadOnnxPolicy } from "@gauntlet/policies";
import { runEpisode } from "@gauntlet/rollout";
import { loadScene, makeSimEnv } from "@gauntlet/sim";

const SUITE = ["pick-cube", "push-block", "place-on-plate", "stack-cube"];
const ROOT = "models/bc";

const { values } = parseArgs({
  options: {
    checkpoints: { type: "string" },
    seeds: { type: "string", default: "30" },
    "first-seed": { type: "string", default: "0" },
    scenes: { type: "string", default: SUITE.join(",") },
    out: { type: "string", default: join(ROOT, "ladder-results.json") },
  },
});
const names = values.checkpoints?.split(",") ?? listCheckpoints();
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => Number(values["first-seed"]) + i);
const scenes = values.scenes.split(",");

/** Every folder under models/bc with a manifest, ordered by training data, then steps. */
function listCheckpoints(): string[] {
  const about = (n: string) => JSON.parse(readFileSync(join(ROOT, n, "manifest.json"), "utf8")).about ?? {};
  return readdirSync(ROOT)
    .filter((n) => existsSync(join(ROOT, n, "manifest.json")))
    .sort((a, b) => (about(a).demosPerTask ?? 0) - (about(b).demosPerTask ?? 0) || (about(a).steps ?? 0) - (about(b).steps ?? 0) || a.localeCompare(b));
}

/** Wraps a policy to time its act calls. */
function timed(policy: Policy, sink: number[]): Policy {
  return {
    name: policy.name,
    reset: (o) => policy.reset(o),
    act: async (obs: Observation) => {
      const t = performance.now();
      const chunk = await policy.act(obs);
      sink.push(performance.now() - t);
      return chunk;
    },
  };
}

interface Cell {
  n: number;
  successes: number;
  rate: number;
  meanSteps: number;
}
const results: Record<string, { modelSha256: string; scenes: Record<string, Cell>; mean: number; actMs: number; actionsPerCall: number }> = {};
const policies = new Map<string, Policy>();
const actMs = new Map<string, number[]>();
const started = performance.now();
for (const name of names) {
  policies.set(name, await loadOnnxPolicy(join(ROOT, name)));
  actMs.set(name, []);
  const modelSha256 = createHash("sha256").update(readFileSync(join(ROOT, name, "model.onnx"))).digest("hex");
  results[name] = { modelSha256, scenes: {}, mean: 0, actMs: 0, actionsPerCall: 0 };
}
const calls = new Map<string, [number, number]>();
for (const sceneId of scenes) {
  const scene = loadScene(join("scenes", `${sceneId}.json`));
  const env = await makeSimEnv(scene, { cameras: ["third"] });
  for (const name of names) {
    const policy = timed(policies.get(name) as Policy, actMs.get(name) as number[]);
    let successes = 0;
    let steps = 0;
    for (const seed of seeds) {
      const before = (actMs.get(name) as number[]).length;
      const { record } = await runEpisode(env, policy, { seed, scene });
      successes += record.success ? 1 : 0;
      steps += record.steps;
      const [c, s] = calls.get(name) ?? [0, 0];
      calls.set(name, [c + (actMs.get(name) as number[]).length - before, s + record.steps]);
    }
    results[name].scenes[sceneId] = { n: seeds.length, successes, rate: successes / seeds.length, meanSteps: steps / seeds.length };
    console.log(`${sceneId} ${name}: ${successes}/${seeds.length} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await env.close();
}
for (const name of names) {
  const r = results[name];
  r.mean = scenes.reduce((s, id) => s + r.scenes[id].rate, 0) / scenes.length;
  const ms = actMs.get(name) as number[];
  r.actMs = ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length);
  const [c, s] = calls.get(name) ?? [1, 0];
  r.actionsPerCall = s / Math.max(1, c);
}

const pct = (v: number) => `${(100 * v).toFixed(0)}%`.padStart(5);
console.log(`\nsuccess over seeds ${seeds[0]}-${seeds[seeds.length - 1]} (n = ${seeds.length} per scene)`);
console.log(`${"checkpoint".padEnd(14)}${scenes.map((s) => s.padStart(16)).join("")}${"mean".padStart(8)}${"ms/act".padStart(9)}`);
for (const name of names) {
  const r = results[name];
  const cells = scenes.map((s) => `${r.scenes[s].successes}/${r.scenes[s].n} ${pct(r.scenes[s].rate)}`.padStart(16)).join("");
  console.log(`${name.padEnd(14)}${cells}${pct(r.mean).padStart(8)}${r.actMs.toFixed(2).padStart(9)}`);
}
writeFileSync(values.out, `${JSON.stringify({ seeds: { first: seeds[0], count: seeds.length }, scenes, checkpoints: names, results }, null, 2)}\n`);
console.log(`\nwrote ${values.out}`);
process.exit(0);

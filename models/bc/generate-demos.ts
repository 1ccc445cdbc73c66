/**
 * Records oracle demonstrations for behaviour cloning: per step, the third camera at 64x64
 * (area-averaged with the same `resizeArea` the ONNX runner uses), the proprioceptive state,
 * the task index and the clean oracle action.
 *
 *   npx tsx models/bc/generate-demos.ts --episodes 200 --out models/bc/data/oracle
 *   npx tsx models/bc/generate-demos.ts --episodes 60 --seed 30000 --dagger models/bc/bc-d250 --out models/bc/data/dagger
 *
 * State diversity comes from noise injection (DART): on a `--noise` fraction of episodes the
 * executed action is the oracle's plus Gaussian noise (std = noise x limit), while the recorded
 * label stays the clean oracle action. With `--dagger <checkpoint>` the learner drives instead
 * (the oracle's action is executed with probability `--beta` per step) and the oracle labels
 * every visited state. Seeds start at `--seed` (10000 by default), disjoint from evaluation seeds.
 *
 * Output folder: images.u8 (N x 64 x 64 x 3, RGB, row 0 top), states.f32 (N x 7),
 * actions.f32 (N x 7, the label), tasks.u8 (N), steps.i32 (N x 2: episode, t), header.json.
 */
import { mkdirSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EE_DELTA_ACTION_SPEC, type Policy, makeRng } from "@gauntlet/core";
import { resizeArea } from "@gauntlet/core";
import { loadOnnxPolicy } from "@gauntlet/policies";
import { OraclePolicy, loadScene, makeSimEnv } from "@gauntlet/sim";

/** The default suite, in task-index order (the one-hot vocabulary of every checkpoint). */
export const SUITE = ["pick-cube", "push-block", "place-on-plate", "stack-cube"];
const SIZE = 64;

interface EpisodeInfo {
  scene: string;
  seed: number;
  noise: number;
  driver: "oracle" | "learner";
  success: boolean;
  start: number;
  length: number;
}

const { values } = parseArgs({
  options: {
    episodes: { type: "string", default: "100" },
    seed: { type: "string", default: "10000" },
    out: { type: "string", default: "models/bc/data/oracle" },
    noise: { type: "string", default: "0.1" },
    "noisy-fraction": { type: "string", default: "0.5" },
    scenes: { type: "string", default: SUITE.join(",") },
    dagger: { type: "string" },
    beta: { type: "string", default: "0.3" },
  },
});
const episodes = Number(values.episodes);
const seed0 = Number(values.seed);
const noise = Number(values.noise);
const noisyFraction = Number(values["noisy-fraction"]);
const beta = Number(values.beta);
const sceneIds = values.scenes.split(",");
const out = values.out;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = Object.fromEntries(["images.u8", "states.f32", "actions.f32", "tasks.u8", "steps.i32"].map((f) => [f, openSync(join(out, f), "w")]));
const write = (file: string, bytes: ArrayBufferView) => writeSync(files[file], new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));

const instructions: string[] = [];
const infos: EpisodeInfo[] = [];
let rows = 0;
const started = performance.now();
const learner: Policy | undefined = values.dagger ? await loadOnnxPolicy(values.dagger) : undefined;
const limits = EE_DELTA_ACTION_SPEC.dims.map((d) => d.high);

for (const sceneId of sceneIds) {
  const scene = loadScene(join("scenes", `${sceneId}.json`));
  const task = SUITE.indexOf(sceneId);
  if (task < 0) throw new Error(`--scenes: ${sceneId} is not in the suite (${SUITE.join(", ")})`);
  instructions[task] = scene.task.instruction;
  const env = await makeSimEnv(scene, { cameras: ["third"] });
  const oracle = new OraclePolicy(env);
  let successes = 0;
  for (let e = 0; e < episodes; e++) {
    const seed = seed0 + e;
    const rng = makeRng(seed).fork("demo-noise");
    const epNoise = learner ? 0 : e < episodes * noisyFraction ? noise : 0;
    const episodeIndex = infos.length;
    const start = rows;
    let { obs } = await env.reset({ seed, scene });
    await oracle.reset({ seed });
    await learner?.reset({ seed, spec: env.spec });
    let pending: number[][] = [];
    let success = false;
    for (let t = 0; t < env.spec.maxSteps; t++) {
      const [label] = await oracle.act(obs);
      write("images.u8", resizeArea(obs.images.third, SIZE, SIZE));
      write("states.f32", obs.state);
      write("actions.f32", Float32Array.from(label));
      write("tasks.u8", Uint8Array.of(task));
      write("steps.i32", Int32Array.of(episodeIndex, t));
      rows++;
      let action = Array.from(label);
      if (learner) {
        if (pending.length === 0) pending = (await learner.act(obs)).map((a) => Array.from(a));
        const mine = pending.shift() as number[];
        if (rng.uniform(0, 1) >= beta) action = mine;
      } else if (epNoise > 0) {
        for (let i = 0; i < 6; i++) action[i] += epNoise * limits[i] * rng.normal();
      }
      const result = await env.step(action);
      obs = result.obs;
      if (result.terminated || result.truncated) {
        success = result.info.success;
        break;
      }
    }
    successes += success ? 1 : 0;
    infos.push({ scene: sceneId, seed, noise: epNoise, driver: learner ? "learner" : "oracle", success, start, length: rows - start });
  }
  await env.close();
  console.log(`${sceneId}: ${episodes} episodes, ${successes} successes, ${rows} rows so far, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
for (const fd of Object.values(files)) closeSync(fd);
const header = {
  version: 1,
  rows,
  image: { camera: "third", width: SIZE, height: SIZE, channels: "RGB", resize: "area" },
  stateNames: ["x", "y", "z", "roll", "pitch", "yaw", "gripper"],
  actionNames: EE_DELTA_ACTION_SPEC.dims.map((d) => d.name),
  tasks: SUITE.map((id, i) => ({ index: i, scene: id, instruction: instructions[i] ?? null })),
  dagger: values.dagger ?? null,
  beta: learner ? beta : null,
  episodes: infos,
};
writeFileSync(join(out, "header.json"), `${JSON.stringify(header, null, 1)}\n`);
console.log(`wrote ${rows} rows from ${infos.length} episodes to ${out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);

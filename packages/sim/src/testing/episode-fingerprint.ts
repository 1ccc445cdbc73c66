import { makeRng } from "@gauntlet/core";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { loadScene } from "../load-scene";
import { makeSimEnv } from "../sim-env";

/** Runs 12 seeded random steps of a scene and returns hashes of every state and frame. */
export async function episodeFingerprint(sceneName: string, seed: number): Promise<{ states: string[]; frames: string[] }> {
  const scene = loadScene(fileURLToPath(new URL(`../../../../scenes/${sceneName}.json`, import.meta.url)));
  const env = await makeSimEnv(scene);
  const hash = (data: Uint8Array | Float32Array) => createHash("sha256").update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest("hex").slice(0, 16);
  const states: string[] = [];
  const frames: string[] = [];
  let { obs } = await env.reset({ seed });
  const rng = makeRng(seed).fork("actions");
  for (let t = 0; t < 12; t++) {
    states.push(hash(obs.state));
    for (const name of Object.keys(obs.images).sort()) frames.push(hash(obs.images[name].data));
    obs = (await env.step(env.spec.action.dims.map((d) => rng.uniform(d.low, d.high)))).obs;
  }
  await env.close();
  return { states, frames };
}

/**
 * checkEnv: an executable conformance checker for the Env contract. Each failed check says
 * what is wrong and how to fix it, in the manner of Gymnasium's check_env.
 */
import { createHash } from "node:crypto";
import { actionsPerCall, type Env, type Observation, stepCall } from "./env";
import { makeRng } from "./rng";

export interface EnvCheck {
  name: string;
  ok: boolean;
  message?: string;
}

export class EnvCheckError extends Error {
  constructor(readonly checks: EnvCheck[]) {
    const failed = checks.filter((c) => !c.ok);
    super(`checkEnv: ${failed.length} check(s) failed:\n  ${failed.map((c) => `${c.name}: ${c.message}`).join("\n  ")}`);
    this.name = "EnvCheckError";
  }
}

/** Runs every conformance check against `env`; throws EnvCheckError listing the failures, else returns the checks. */
export async function checkEnv(env: Env, opts: { seed?: number; steps?: number } = {}): Promise<EnvCheck[]> {
  const seed = opts.seed ?? 7;
  const steps = opts.steps ?? 3;
  const checks: EnvCheck[] = [];
  const check = async (name: string, body: () => Promise<string | undefined> | string | undefined) => {
    try {
      const problem = await body();
      checks.push(problem ? { name, ok: false, message: problem } : { name, ok: true });
    } catch (err) {
      checks.push({ name, ok: false, message: `threw ${(err as Error).message}` });
    }
  };
  const { spec } = env;
  const declared = actionsPerCall(spec);
  const perCall = Number.isInteger(declared) && declared >= 1 ? declared : 1;
  // Whole env calls: a chunk-conditioned env is stepped chunkSize actions at a time.
  const actions = sampleActions(env, seed, Math.ceil(steps / perCall) * perCall);
  const calls = Array.from({ length: actions.length / perCall }, (_, i) => actions.slice(i * perCall, (i + 1) * perCall));

  await check("spec", () => {
    if (!/-v\d+$/.test(spec.id)) return `spec.id "${spec.id}" should be versioned like "PickCube-v1"`;
    if (spec.cameras.length === 0) return "spec.cameras is empty: declare at least one camera";
    if (spec.action.dims.some((d) => !(d.low <= d.high))) return "spec.action.dims: every dimension needs low <= high";
    if (!(spec.maxSteps > 0)) return "spec.maxSteps must be positive";
    if (declared !== perCall) return `spec.chunkSize must be a positive integer, got ${spec.chunkSize}`;
    if (perCall > 1 && typeof env.stepChunk !== "function") return `spec.chunkSize is ${perCall}: implement stepChunk(actions) taking that many actions`;
    return undefined;
  });
  await check("reset observation", async () => checkObservation(env, (await env.reset({ seed })).obs));
  await check("reset info", async () => {
    const { info } = await env.reset({ seed });
    if (typeof info.success !== "boolean") return "info.success must be a boolean";
    if (!(info.progress >= 0 && info.progress <= 1)) return `info.progress must be in [0, 1], got ${info.progress}`;
    return undefined;
  });
  await check("reset determinism", async () => {
    const a = fingerprint((await env.reset({ seed })).obs);
    const b = fingerprint((await env.reset({ seed })).obs);
    return a === b ? undefined : "two resets with the same seed gave different observations: seed every random choice from reset's seed";
  });
  await check("step result", async () => {
    await env.reset({ seed });
    const results = await stepCall(env, calls[0]);
    if (results.length === 0 || results.length > perCall) return `one call of ${perCall} action(s) gave ${results.length} result(s): return one per executed action`;
    const r = results[results.length - 1];
    if (!Number.isFinite(r.reward)) return `reward must be finite, got ${r.reward}`;
    if (typeof r.terminated !== "boolean" || typeof r.truncated !== "boolean") return "terminated and truncated must be booleans";
    if (typeof r.info.success !== "boolean") return "info.success must be a boolean";
    return checkObservation(env, r.obs);
  });
  await check("step determinism", async () => {
    const run = async () => {
      await env.reset({ seed });
      const prints: string[] = [];
      // Up to the episode's end, if the sampled actions end it early.
      for (const call of calls) {
        const results = await stepCall(env, call);
        for (const r of results) prints.push(fingerprint(r.obs));
        if (results.some((r) => r.terminated || r.truncated)) break;
      }
      return prints.join();
    };
    const first = await run();
    const second = await run();
    return first === second ? undefined : "the same seed and actions gave different observations: the dynamics or rendering is not deterministic";
  });
  await check("rejects bad actions", async () => {
    await env.reset({ seed });
    const bad = [new Array(spec.action.dims.length + 1).fill(0), spec.action.dims.map((_, i) => (i === 0 ? Number.NaN : 0))];
    for (const a of bad) {
      const call = [a, ...calls[0].slice(1)];
      const threw = await stepCall(env, call).then(() => false, () => true);
      if (!threw) return `${perCall === 1 ? "step" : "stepChunk"}(${JSON.stringify(perCall === 1 ? a : call)}) was accepted: validate actions with validateAction(action, spec.action)`;
    }
    const [after] = (await stepCall(env, calls[0])).slice(-1);
    if (Array.from(after.obs.state).some((v) => !Number.isFinite(v))) return "state became non-finite after a rejected action";
    return undefined;
  });
  await check("close is idempotent", async () => {
    await env.close();
    await env.close();
    return undefined;
  });
  if (checks.some((c) => !c.ok)) throw new EnvCheckError(checks);
  return checks;
}

function checkObservation(env: Env, obs: Observation): string | undefined {
  const { spec } = env;
  for (const cam of spec.cameras) {
    const img = obs.images[cam.name];
    if (!img) return `obs.images.${cam.name} is missing: render every camera in spec.cameras`;
    if (img.width !== cam.width || img.height !== cam.height) return `obs.images.${cam.name} is ${img.width}x${img.height}, spec says ${cam.width}x${cam.height}`;
    if (img.data.length !== cam.width * cam.height * 4) return `obs.images.${cam.name}.data has ${img.data.length} bytes, expected width*height*4 = ${cam.width * cam.height * 4}`;
  }
  if (obs.state.length !== spec.stateNames.length) return `obs.state has ${obs.state.length} values, spec.stateNames has ${spec.stateNames.length}`;
  if (Array.from(obs.state).some((v) => !Number.isFinite(v))) return "obs.state has a non-finite value";
  if (typeof obs.instruction !== "string" || obs.instruction.length === 0) return "obs.instruction must be a non-empty string";
  return undefined;
}

function sampleActions(env: Env, seed: number, n: number): number[][] {
  const rng = makeRng(seed ^ 0x5eed);
  return Array.from({ length: n }, () => env.spec.action.dims.map((d) => rng.uniform(d.low, d.high) * 0.5 + (d.low + d.high) * 0.25));
}

/** A stable digest of an observation's state and image bytes. */
export function fingerprint(obs: Observation): string {
  const h = createHash("sha256");
  h.update(new Uint8Array(obs.state.buffer, obs.state.byteOffset, obs.state.byteLength));
  for (const name of Object.keys(obs.images).sort()) h.update(obs.images[name].data);
  return h.digest("hex").slice(0, 16);
}

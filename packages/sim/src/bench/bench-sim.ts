/**
 * Simulator benchmarks: raw physics rate, full control steps with and without a rendered
 * camera, and oracle success per task. Figures only; tests never assert wall-clock time.
 */
import { makeRng, type Scene } from "@gauntlet/core";
import { OraclePolicy } from "../oracles/oracle-policy";
import { makeSimEnv } from "../sim-env";
import { loadRapier } from "../world/rapier";
import { SimWorld } from "../world/sim-world";

/** Physics steps per second of the scene's Rapier world alone, arm posed but not moving. */
export async function benchPhysicsSteps(scene: Scene, steps = 5000): Promise<number> {
  const world = new SimWorld(await loadRapier(), scene);
  world.reset(makeRng(0));
  world.stepPhysics(200);
  const t0 = performance.now();
  world.stepPhysics(steps);
  const rate = steps / ((performance.now() - t0) / 1000);
  world.free();
  return rate;
}

/** Control steps per second of the full env (IK, physics substeps, task, and the named cameras rendered) under the oracle. */
export async function benchEnvSteps(scene: Scene, cameras: string[], steps = 300): Promise<{ envStepsPerSecond: number; physicsStepsPerSecond: number }> {
  const env = await makeSimEnv(scene, { cameras });
  const oracle = new OraclePolicy(env);
  let done = true;
  let obs = (await env.reset({ seed: 0 })).obs;
  let seed = 0;
  // One warm-up episode so JIT and GPU pipelines are compiled before timing.
  for (let i = 0; i < 20; i++) await env.step([0, 0, 0, 0, 0, 0, 1]);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    if (done) {
      obs = (await env.reset({ seed: ++seed })).obs;
      await oracle.reset({ seed });
    }
    const r = await env.step((await oracle.act(obs))[0]);
    obs = r.obs;
    done = r.terminated || r.truncated;
  }
  const seconds = (performance.now() - t0) / 1000;
  await env.close();
  const substeps = scene.physics.rateHz / scene.physics.controlHz;
  return { envStepsPerSecond: steps / seconds, physicsStepsPerSecond: (steps * substeps) / seconds };
}

/** Oracle success rate over `episodes` seeds, physics only (no rendering). */
export async function benchOracleSuccess(scene: Scene, episodes = 100, noise = 0): Promise<{ successes: number; episodes: number; rate: number }> {
  const env = await makeSimEnv(scene, { cameras: [] });
  const oracle = new OraclePolicy(env, { noise });
  let successes = 0;
  for (let seed = 0; seed < episodes; seed++) {
    let { obs } = await env.reset({ seed });
    await oracle.reset({ seed });
    for (let done = false; !done; ) {
      const r = await env.step((await oracle.act(obs))[0]);
      obs = r.obs;
      done = r.terminated || r.truncated;
      if (r.info.success) successes++;
    }
  }
  await env.close();
  return { successes, episodes, rate: successes / episodes };
}

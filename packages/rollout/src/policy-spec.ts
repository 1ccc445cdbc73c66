import type { Policy, Scene } from "@gauntlet/core";
import { HttpPolicy, loadOnnxPolicy, type OpenPiKeyMap, OpenPiPolicy, RandomPolicy, VisionPolicy, visionOptionsFromScene } from "@gauntlet/policies";
import { OraclePolicy, type SimEnv } from "@gauntlet/sim";
import { type PolicySpec, policyName } from "./evaluation-config";

/**
 * Builds the policy a spec describes, named by `policyName(spec)`. Oracles read the simulator's
 * true state, so they need the SimEnv they act in; every other kind sees observations only.
 * Policies that read a scene's public parts (camera calibration) read `scene`, the env's by default.
 */
export async function makePolicy(spec: PolicySpec, env: SimEnv | undefined, scene: Scene | undefined = env?.scene): Promise<Policy> {
  // Without a SimEnv (the world-model backend) only policies that see observations can be built.
  if (!scene) throw new Error(`policy ${policyName(spec)}: needs a scene (or a SimEnv) to be built for`);
  return named(await build(spec, env, scene), policyName(spec));
}

async function build(spec: PolicySpec, env: SimEnv | undefined, scene: Scene): Promise<Policy> {
  switch (spec.kind) {
    case "oracle":
      if (!env) throw new Error(`policy ${policyName(spec)}: an oracle reads the simulator's true state, so it cannot act in a world model; use a policy that sees observations only`);
      return new OraclePolicy(env, { noise: spec.noise });
    case "random":
      return new RandomPolicy();
    case "vision":
      return new VisionPolicy(visionOptionsFromScene(scene, { noise: spec.noise, delay: spec.delay, gain: spec.gain }));
    case "onnx":
      return loadOnnxPolicy(spec.path);
    case "openpi":
      return new OpenPiPolicy({ url: spec.url, apiKey: spec.apiKey, keys: spec.keys as OpenPiKeyMap | undefined, timeoutMs: spec.timeoutMs });
    case "http":
      return new HttpPolicy({ url: spec.url, timeoutMs: spec.timeoutMs });
  }
}

/** The same policy under the name its spec gives it, so records and tables agree with the config. */
function named(policy: Policy, name: string): Policy {
  if (policy.name === name) return policy;
  return {
    name,
    reset: (opts) => policy.reset(opts),
    act: (obs) => policy.act(obs),
    close: () => policy.close?.() ?? Promise.resolve(),
  };
}

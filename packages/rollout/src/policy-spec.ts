import type { Policy } from "@gauntlet/core";
import { RandomPolicy } from "@gauntlet/policies";
import { OraclePolicy, type SimEnv } from "@gauntlet/sim";

/**
 * Builds a policy from a short spec: `oracle`, `oracle:noise=0.3` or `random`.
 * Oracles read the simulator's true state, so they need the SimEnv they will act in.
 */
export function makePolicy(spec: string, env: SimEnv): Policy {
  const [kind, ...args] = spec.split(":");
  const params = Object.fromEntries(args.flatMap((a) => a.split(",")).map((kv) => kv.split("=")));
  if (kind === "random") return new RandomPolicy();
  if (kind === "oracle") {
    const noise = params.noise === undefined ? 0 : Number(params.noise);
    if (!(noise >= 0)) throw new Error(`policy "${spec}": noise: expected a number >= 0, got ${params.noise}`);
    return new OraclePolicy(env, { noise });
  }
  throw new Error(`policy "${spec}": unknown kind "${kind}"; expected oracle, oracle:noise=<n> or random`);
}

import type { Policy } from "@gauntlet/core";
import { RandomPolicy } from "@gauntlet/policies";
import { OraclePolicy, type SimEnv } from "@gauntlet/sim";

export type PolicySpec = { kind: "random" } | { kind: "oracle"; noise: number };

/** Parses a short policy spec, `oracle`, `oracle:noise=0.3` or `random`; errors say what is accepted. */
export function parsePolicySpec(spec: string): PolicySpec {
  const [kind, ...args] = spec.split(":");
  const params = Object.fromEntries(args.flatMap((a) => a.split(",")).map((kv) => kv.split("=")));
  if (kind === "random") return { kind };
  if (kind === "oracle") {
    const noise = params.noise === undefined ? 0 : Number(params.noise);
    if (!(noise >= 0)) throw new Error(`policy "${spec}": noise: expected a number >= 0, got ${params.noise}`);
    return { kind, noise };
  }
  throw new Error(`policy "${spec}": unknown kind "${kind}"; expected oracle, oracle:noise=<n> or random`);
}

/** Builds a policy from its spec. Oracles read the simulator's true state, so they need the SimEnv they act in. */
export function makePolicy(spec: string, env: SimEnv): Policy {
  const parsed = parsePolicySpec(spec);
  return parsed.kind === "random" ? new RandomPolicy() : new OraclePolicy(env, { noise: parsed.noise });
}

import type { ActionChunk, EnvSpec, Observation, Policy, Rng } from "@gauntlet/core";
import { makeRng } from "@gauntlet/core";

/** Uniform random actions within the action spec's limits; the floor every policy should beat. */
export class RandomPolicy implements Policy {
  readonly name = "random";
  private rng: Rng = makeRng(0);
  private spec?: EnvSpec;

  async reset({ seed, spec }: { seed: number; spec: EnvSpec }): Promise<void> {
    this.rng = makeRng(seed).fork("random-policy");
    this.spec = spec;
  }

  async act(_obs: Observation): Promise<ActionChunk> {
    if (!this.spec) throw new Error("RandomPolicy: call reset before act");
    return [this.spec.action.dims.map((d) => this.rng.uniform(d.low, d.high))];
  }
}

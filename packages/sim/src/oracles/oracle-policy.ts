/**
 * Oracle policies: scripted plans that read the simulator's true state. They are upper
 * baselines and demonstration generators, never evaluation subjects: real policies see
 * observations only. `noise` adds Gaussian noise to each action (std = noise × the
 * dimension's limit); 0 is the clean expert.
 */
import type { ActionChunk, Observation, Policy, Rng, Scene } from "@gauntlet/core";
import { makeRng, servoAction } from "@gauntlet/core";
import type { SimState } from "../tasks";
import { graspTaskPhases, type Phase } from "./pick-place-oracle";
import { pushPhases } from "./push-oracle";

/** What an oracle reads: the scene of the current episode and its true state. */
export interface PrivilegedSource {
  readonly scene: Scene;
  trueState(): SimState;
}

export interface OracleOptions {
  noise?: number;
}

/** The phase list of the oracle for a scene's task. */
export function oraclePhases(scene: Scene): Phase[] {
  return scene.task.type === "push" ? pushPhases(scene) : graspTaskPhases(scene);
}

export class OraclePolicy implements Policy {
  readonly name: string;
  private phases: Phase[] = [];
  private phase = 0;
  private stepsInPhase = 0;
  private rng: Rng = makeRng(0);

  constructor(private readonly source: PrivilegedSource, private readonly opts: OracleOptions = {}) {
    this.name = opts.noise ? `oracle-noise${opts.noise}` : "oracle";
  }

  async reset({ seed }: { seed: number }): Promise<void> {
    this.phases = oraclePhases(this.source.scene);
    this.phase = 0;
    this.stepsInPhase = 0;
    this.rng = makeRng(seed).fork("oracle-noise");
  }

  async act(_obs: Observation): Promise<ActionChunk> {
    const state = this.source.trueState();
    for (let hops = 0; hops < this.phases.length && this.phases[this.phase].done(state, this.stepsInPhase); hops++) {
      const { next } = this.phases[this.phase];
      this.phase = next ? this.phases.findIndex((p) => p.name === next) : Math.min(this.phase + 1, this.phases.length - 1);
      this.stepsInPhase = 0;
    }
    this.stepsInPhase++;
    const goal = this.phases[this.phase].goal(state);
    return [servoAction(state.ee, goal, state.base, { gain: 1, noise: this.opts.noise ?? 0, rng: this.rng })];
  }

  /** The name of the phase the oracle is in, for debugging and tests. */
  currentPhase(): string {
    return this.phases[this.phase]?.name ?? "none";
  }
}

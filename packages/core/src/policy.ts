import type { Action } from "./spaces";
import type { EnvSpec, Observation } from "./env";

/** A policy's answer: one action, or a chunk to execute in order before asking again. */
export type ActionChunk = Action[];

/** Anything that maps observations to actions. */
export interface Policy {
  readonly name: string;
  /** Called at the start of each episode with its seed, so stochastic policies are reproducible. */
  reset(opts: { seed: number; spec: EnvSpec }): Promise<void>;
  /** Returns at least one action. */
  act(obs: Observation): Promise<ActionChunk>;
  close?(): Promise<void>;
}

/**
 * Thrown by a policy that could not answer for reasons outside the policy's skill: a remote
 * server that hung, died or refused. The runner marks such an episode `errored` (retried up to a
 * limit, excluded from statistics), never `failure`.
 */
export class PolicyUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PolicyUnavailableError";
  }
}

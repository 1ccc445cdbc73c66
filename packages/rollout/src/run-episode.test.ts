import { fileURLToPath } from "node:url";
import type { Action, ActionChunk, Observation, Policy, Scene } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { loadWorldModel, makeWorldModelEnv } from "@gauntlet/world-model";
import { afterAll, describe, expect, it } from "vitest";
import { runEpisode } from "./run-episode";

// tiny-chunk: a toy world model that predicts 2 frames (and the state) per call from 2 actions; here
// it starts from the scene as the simulator renders it at the model's 32x32.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const model = await loadWorldModel(`${root}packages/world-model/fixtures/tiny-chunk`);
afterAll(() => model.close());
const base = loadScene(`${root}scenes/push-block.json`);
// Records keep six decimals.
const to5 = (v: number) => Math.round(v * 1e5) / 1e5;
const withSteps = (maxSteps: number): Scene => ({ ...base, task: { ...base.task, maxSteps } });

/** Answers with `length` actions moving by `dx` each, numbered so the record shows their order; remembers what it saw. */
class CountingPolicy implements Policy {
  readonly name = "counting";
  /** The state's x at each call. */
  seen: number[] = [];
  private given = 0;
  constructor(
    private readonly length: number,
    private readonly dx: number,
  ) {}
  async reset(): Promise<void> {
    this.seen = [];
    this.given = 0;
  }
  async act(obs: Observation): Promise<ActionChunk> {
    this.seen.push(obs.state[0]);
    return Array.from({ length: this.length }, (): Action => [this.dx, 0.0001 * ++this.given, 0, 0, 0, 0, 1]);
  }
}

describe("runEpisode on a chunk-conditioned env", () => {
  it("fills each call of 2 from the policy's chunks of 3, asking again on the latest observation, and truncates inside a call", async () => {
    const scene = withSteps(7);
    const env = makeWorldModelEnv(model, { scene });
    expect(env.spec.chunkSize).toBe(2);
    const policy = new CountingPolicy(3, 0.01);
    const { record, frames } = await runEpisode(env, policy, { seed: 0, scene });
    await env.close();
    expect(record.steps).toBe(7);
    expect(record.truncated).toBe(true);
    // Asked at step 0 (3 actions: a call of 2, 1 left), step 2 (3 more: calls at 2 and 4) and step 6 (the last call, cut to 1 step).
    expect(policy.seen.map(to5)).toEqual([0, 2, 6].map((t) => to5(record.states[t][0])));
    expect(record.actions.map((a) => Math.round(a[1] * 1e4))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(record.states).toHaveLength(8);
    expect(frames.third).toHaveLength(8);
    expect(new Set(record.states.map((s) => s[0])).size).toBeGreaterThan(1);
  });

  it("asks a one-action policy twice per call, on the same observation", async () => {
    const scene = withSteps(6);
    const env = makeWorldModelEnv(model, { scene });
    const policy = new CountingPolicy(1, 0.01);
    const { record } = await runEpisode(env, policy, { seed: 0, scene });
    await env.close();
    expect(record.steps).toBe(6);
    expect(policy.seen.map(to5)).toEqual([0, 0, 2, 2, 4, 4].map((t) => to5(record.states[t][0])));
  });
});

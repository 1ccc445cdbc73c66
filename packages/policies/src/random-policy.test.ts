import { EE_DELTA_ACTION_SPEC, type EnvSpec } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { RandomPolicy } from "./random-policy";

const spec: EnvSpec = { id: "T-v1", backend: "sim", task: "pick-lift", cameras: [], action: EE_DELTA_ACTION_SPEC, stateNames: [], controlHz: 10, maxSteps: 5 };
const obs = { images: {}, state: new Float32Array(7), instruction: "x" };

describe("RandomPolicy", () => {
  it("stays within the spec's limits and repeats for the same seed", async () => {
    const p = new RandomPolicy();
    await p.reset({ seed: 3, spec });
    const first = [];
    for (let i = 0; i < 50; i++) {
      const [a] = await p.act(obs);
      first.push(a);
      a.forEach((v, j) => {
        expect(v).toBeGreaterThanOrEqual(spec.action.dims[j].low);
        expect(v).toBeLessThanOrEqual(spec.action.dims[j].high);
      });
    }
    await p.reset({ seed: 3, spec });
    expect((await p.act(obs))[0]).toEqual(first[0]);
  });

  it("refuses to act before reset", async () => {
    await expect(new RandomPolicy().act(obs)).rejects.toThrow(/reset before act/);
  });
});

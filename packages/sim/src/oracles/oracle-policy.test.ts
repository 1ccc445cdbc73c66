import { describe, expect, it } from "vitest";
import { benchOracleSuccess } from "../bench/bench-sim";
import { loadScene } from "../load-scene";

const scene = (name: string) => loadScene(new URL(`../../../../scenes/${name}.json`, import.meta.url).pathname);

describe("OraclePolicy", () => {
  it.each(["pick-cube", "push-block", "place-on-plate", "stack-cube"])("solves %s on 8 seeds, and noise makes it worse", async (name) => {
    const clean = await benchOracleSuccess(scene(name), 8);
    expect(clean.successes).toBeGreaterThanOrEqual(7);
    const noisy = await benchOracleSuccess(scene(name), 8, 0.4);
    expect(noisy.successes).toBeLessThan(clean.successes);
  });
});

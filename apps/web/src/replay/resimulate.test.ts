import type { EpisodeRecord, Scene } from "@gauntlet/core";
import { runEpisode } from "@gauntlet/rollout";
import { loadScene, makeSimEnv, OraclePolicy } from "@gauntlet/sim";
import { describe, expect, it } from "vitest";
import { compareToRecord, REPLAY_TOLERANCE_M, resimulate } from "./resimulate";

const root = new URL("../../../../", import.meta.url).pathname;

/** A real recorded episode (physics only, no cameras), as the rollout stores it. */
async function record(scene: Scene, seed: number, noise: number): Promise<EpisodeRecord> {
  const env = await makeSimEnv(scene, { cameras: [] });
  try {
    return (await runEpisode(env, new OraclePolicy(env, { noise }), { seed, scene })).record;
  } finally {
    await env.close();
  }
}

describe("resimulate", () => {
  for (const file of ["pick-cube", "stack-cube"]) {
    it(`re-runs a recorded ${file} episode from its seed and rounded actions, following the recorded states`, async () => {
      const scene = loadScene(`${root}scenes/${file}.json`);
      const rec = await record(scene, 3, 0.2);
      const rerun = await resimulate(scene, rec.seed, rec.actions);
      expect(rerun.states.length).toBe(rec.states.length);
      expect(rerun.poses.length).toBe(rec.states.length);
      const agreement = compareToRecord(rec, rerun);
      expect(agreement.divergedAt).toBeNull();
      expect(agreement.maxToolError).toBeLessThan(REPLAY_TOLERANCE_M);
      expect(agreement.successMismatches).toBe(0);
      // The objects really move: whatever the task, the oracle displaces its object.
      const [first, last] = [rerun.poses[0].objects, rerun.poses[rerun.poses.length - 1].objects];
      const moved = Object.keys(first).some((id) => Math.hypot(...first[id].position.map((v, i) => v - last[id].position[i])) > 0.01);
      expect(moved).toBe(true);
    });
  }

  it("notices a re-run that does not follow the record (wrong seed or altered actions)", async () => {
    const scene = loadScene(`${root}scenes/pick-cube.json`);
    const rec = await record(scene, 5, 0);
    const wrongSeed = await resimulate(scene, rec.seed + 1, rec.actions);
    expect(wrongSeed.poses[0].objects.cube.position).not.toEqual((await resimulate(scene, rec.seed, [])).poses[0].objects.cube.position);
    const altered = rec.actions.map((a, t) => (t === 2 ? [a[0] + 0.03, ...a.slice(1)] : a));
    const agreement = compareToRecord(rec, await resimulate(scene, rec.seed, altered));
    expect(agreement.divergedAt).toBe(3);
    expect(agreement.maxToolError).toBeGreaterThan(0.02);
  });

  it("names the bad action", async () => {
    const scene = loadScene(`${root}scenes/pick-cube.json`);
    await expect(resimulate(scene, 0, [[0, 0, 0, 0, 0, 0, 1], [0, 0, Number.NaN, 0, 0, 0, 1]])).rejects.toThrow(/actions\[1\]: action\[2\] \(dz\)/);
  });
});

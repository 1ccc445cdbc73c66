import { EE_DELTA_ACTION_SPEC, makeRng, parseScene, validateAction } from "@gauntlet/core";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { OraclePolicy } from "../oracles/oracle-policy";
import { type Rapier, loadRapier } from "./rapier";
import { SimWorld } from "./sim-world";

const scene = parseScene(JSON.parse(readFileSync(new URL("../../../../scenes/pick-cube.json", import.meta.url), "utf8")));
const obs = { images: {}, state: new Float32Array(0), instruction: "" };
let R: Rapier;
beforeAll(async () => {
  R = await loadRapier();
});

const act = (world: SimWorld, a: ArrayLike<number>) => world.applyAction(validateAction(a, EE_DELTA_ACTION_SPEC));

/** Runs the oracle until the cube is held; returns the world. */
async function graspCube(seed: number): Promise<SimWorld> {
  const world = new SimWorld(R, scene);
  world.reset(makeRng(seed).fork("episode"));
  const oracle = new OraclePolicy({ scene, trueState: () => world.state() });
  await oracle.reset({ seed });
  for (let t = 0; t < 30 && world.state().grasped !== "cube"; t++) act(world, (await oracle.act(obs))[0]);
  expect(world.state().grasped).toBe("cube");
  return world;
}

describe("SimWorld grasping", () => {
  it.each([0, 1, 2])("holds the cube through a 20 cm lift and a 10 cm transport (seed %i)", async (seed) => {
    const world = await graspCube(seed);
    const offset = () => {
      const s = world.state();
      return s.objects.cube.position.map((v, i) => v - s.ee.position[i]);
    };
    const before = offset();
    const z0 = world.state().objects.cube.position[2];
    for (let i = 0; i < 8; i++) act(world, [0, 0, 0.025, 0, 0, 0, 0]);
    for (let i = 0; i < 4; i++) act(world, [0, 0.025, 0, 0, 0, 0, 0]);
    const after = offset();
    expect(world.state().objects.cube.position[2] - z0).toBeGreaterThan(0.195);
    expect(Math.hypot(...after.map((v, i) => v - before[i]))).toBeLessThan(0.002);
    expect(world.state().grasped).toBe("cube");
    // Opening releases it and it falls back to the table.
    for (let i = 0; i < 15; i++) act(world, [0, 0, 0, 0, 0, 0, 1]);
    expect(world.state().grasped).toBeNull();
    expect(world.state().objects.cube.position[2]).toBeLessThan(0.03);
    world.free();
  });

  it("closing on nothing grasps nothing", () => {
    const world = new SimWorld(R, scene);
    world.reset(makeRng(0));
    for (let i = 0; i < 10; i++) act(world, [0, 0, 0, 0, 0, 0, 0]);
    expect(world.state().grasped).toBeNull();
    expect(world.state().gripperGap).toBeCloseTo(0, 6);
    world.free();
  });
});

describe("SimWorld workspace", () => {
  it("clips commands so the fingertips never go through the table", () => {
    const world = new SimWorld(R, scene);
    world.reset(makeRng(0));
    for (let i = 0; i < 20; i++) act(world, [0, 0, -0.05, 0, 0, 0, 1]);
    const { ee, toolFloor } = world.state();
    expect(ee.position[2]).toBeGreaterThanOrEqual(toolFloor - 0.005);
    expect(toolFloor).toBeGreaterThan(scene.table.height);
    world.free();
  });

  it("gives bit-identical states for the same seed and actions", async () => {
    const run = () => {
      const world = new SimWorld(R, scene);
      world.reset(makeRng(5).fork("episode"));
      const rng = makeRng(9);
      for (let i = 0; i < 15; i++) act(world, EE_DELTA_ACTION_SPEC.dims.map((d) => rng.uniform(d.low, d.high)));
      const s = JSON.stringify(world.state());
      world.free();
      return s;
    };
    expect(run()).toBe(run());
  });
});

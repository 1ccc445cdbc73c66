import type { Pose, Scene } from "@gauntlet/core";
import { parseScene } from "@gauntlet/core";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeTask, type SimState } from ".";

const scene = (file: string): Scene => parseScene(JSON.parse(readFileSync(new URL(`../../../../scenes/${file}.json`, import.meta.url), "utf8")));
const at = (x: number, y: number, z: number): Pose => ({ position: [x, y, z], quaternion: [0, 0, 0, 1] });

/** A hand-placed state: objects where given, the tool far away, nothing held. */
function state(objects: Record<string, Pose>, initial: Record<string, Pose>, extra: Partial<SimState> = {}): SimState {
  return { objects, initial, ee: at(0.25, 0, 0.3), gripperGap: 0.074, grasped: null, base: at(0, 0, 0), toolFloor: 0.015, ...extra };
}

describe("pick-lift", () => {
  const task = makeTask(scene("pick-cube"));
  const start = { cube: at(0.3, 0, 0.02) };
  it("succeeds only when the cube is held at least liftHeight (0.08 m) above its start", () => {
    expect(task.evaluate(state({ cube: at(0.3, 0, 0.101) }, start, { grasped: "cube" })).success).toBe(true);
    expect(task.evaluate(state({ cube: at(0.3, 0, 0.099) }, start, { grasped: "cube" })).success).toBe(false);
    expect(task.evaluate(state({ cube: at(0.3, 0, 0.15) }, start)).success).toBe(false); // tossed, not held
  });
  it("reports progress that grows with reach, grasp and lift", () => {
    const far = task.evaluate(state(start, start)).progress;
    const near = task.evaluate(state(start, start, { ee: at(0.3, 0, 0.05) })).progress;
    const held = task.evaluate(state({ cube: at(0.3, 0, 0.06) }, start, { grasped: "cube" })).progress;
    expect(far).toBeLessThan(near);
    expect(near).toBeLessThan(held);
    expect(held).toBeCloseTo(0.75, 5);
  });
});

describe("push", () => {
  const task = makeTask(scene("push-block"));
  const initial = { block: at(0.28, -0.06, 0.0125), target: at(0.28, 0.08, 0.001) };
  it("succeeds within 2.5 cm of the target and not held", () => {
    expect(task.evaluate(state({ ...initial, block: at(0.28, 0.056, 0.0125) }, initial)).success).toBe(true);
    expect(task.evaluate(state({ ...initial, block: at(0.28, 0.054, 0.0125) }, initial)).success).toBe(false);
    expect(task.evaluate(state({ ...initial, block: at(0.28, 0.08, 0.0125) }, initial, { grasped: "block" })).success).toBe(false);
  });
  it("measures progress as the fraction of the distance covered", () => {
    expect(task.evaluate(state(initial, initial)).progress).toBe(0);
    expect(task.evaluate(state({ ...initial, block: at(0.28, 0.01, 0.0125) }, initial)).progress).toBeCloseTo(0.5, 5);
  });
});

describe("place", () => {
  const task = makeTask(scene("place-on-plate"));
  const initial = { cube: at(0.27, -0.09, 0.02), plate: at(0.27, 0.1, 0.006) };
  const onPlate = at(0.28, 0.1, 0.012 + 0.02);
  it("succeeds when released, over the plate and resting on it", () => {
    expect(task.evaluate(state({ ...initial, cube: onPlate }, initial)).success).toBe(true);
    expect(task.evaluate(state({ ...initial, cube: onPlate }, initial, { grasped: "cube" })).success).toBe(false);
    expect(task.evaluate(state({ ...initial, cube: at(0.27, 0.1 + 0.055, 0.032) }, initial)).success).toBe(false); // beyond radius - margin
    expect(task.evaluate(state({ ...initial, cube: at(0.27, 0.1, 0.07) }, initial)).success).toBe(false); // hovering
  });
});

describe("stack", () => {
  const task = makeTask(scene("stack-cube"));
  const initial = { cubeA: at(0.27, -0.08, 0.0175), cubeB: at(0.27, 0.08, 0.0225) };
  const stacked = at(0.27, 0.09, 0.045 + 0.0175);
  it("succeeds when the top cube rests on the base cube, released, base unmoved", () => {
    expect(task.evaluate(state({ ...initial, cubeA: stacked }, initial)).success).toBe(true);
    expect(task.evaluate(state({ ...initial, cubeA: stacked }, initial, { grasped: "cubeA" })).success).toBe(false);
    expect(task.evaluate(state({ ...initial, cubeA: at(0.27, 0.105, 0.0625) }, initial)).success).toBe(false); // off the edge
    expect(task.evaluate(state({ cubeA: stacked, cubeB: at(0.27, 0.08, 0.04) }, initial)).success).toBe(false); // base lifted
  });
});

describe("task parameters", () => {
  it("name the bad field", () => {
    const s = scene("pick-cube");
    expect(() => makeTask({ ...s, task: { ...s.task, params: { object: "ghost" } } })).toThrow('scene.task.params.object: no object with id "ghost" (have cube)');
    expect(() => makeTask({ ...s, task: { ...s.task, params: { liftHeight: -1 } } })).toThrow("scene.task.params.liftHeight: expected a positive number, got -1");
  });
});

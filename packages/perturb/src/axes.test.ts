import type { Scene, Vec3 } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { describe, expect, it } from "vitest";
import { AXES, getAxis, parseAxes, parseLevels } from "./registry";
import { perturbationSeed, perturbScene } from "./perturb-scene";
import { diffScenes } from "./scene-diff";
import { halfHeightOf } from "./footprint";

const SCENES = ["pick-cube", "push-block", "place-on-plate", "stack-cube"].map((n) => loadScene(new URL(`../../../scenes/${n}.json`, import.meta.url).pathname));

describe.each(AXES.map((a) => [a.name, a] as const))("axis %s", (_name, axis) => {
  it("changes only the paths it declares, and changes something at every level above 0", () => {
    for (const nominal of SCENES) {
      const before = structuredClone(nominal);
      for (let level = 1; level < axis.levels.length; level++) {
        for (const seed of [0, 1, 2]) {
          const { scene } = perturbScene(nominal, axis, level, perturbationSeed(seed, axis.name));
          const changes = diffScenes(nominal, scene).filter((c) => c.path !== ".id");
          expect(changes.length, `${nominal.id} level ${level}`).toBeGreaterThan(0);
          for (const c of changes) expect(axis.touches.some((re) => re.test(c.path)), `${axis.name} changed ${c.path}`).toBe(true);
        }
      }
      expect(nominal, "the input scene is left untouched").toEqual(before);
    }
  });

  it("is the identity at level 0 and deterministic under a seed", () => {
    const nominal = SCENES[1];
    expect(perturbScene(nominal, axis, 0, 5).scene).toBe(nominal);
    const a = perturbScene(nominal, axis, 2, 11);
    const b = perturbScene(nominal, axis, 2, 11);
    const c = perturbScene(nominal, axis, 2, 12);
    expect(b).toEqual(a);
    expect(c.scene).not.toEqual(a.scene);
  });

  it("rejects levels outside its range", () => {
    expect(() => axis.apply(SCENES[0], { next: () => 0 } as never, axis.levels.length)).toThrow(/level must be an integer 0\.\.3/);
  });
});

describe("what each axis changes", () => {
  const [pick, push, place] = SCENES;
  const at = (scene: Scene, axis: string, level: number, seed = 3) => perturbScene(scene, axis, level, seed).scene;

  it("camera-pose moves world cameras by exactly the level's distance and angle, and leaves wrist cameras", () => {
    const moved = at(pick, "camera-pose", 2);
    const [n, m] = [pick.cameras[0], moved.cameras[0]];
    expect(dist(n.position, m.position)).toBeCloseTo(0.025, 9);
    expect(angle(sub(n.lookAt, n.position), sub(m.lookAt, m.position))).toBeCloseTo(5, 6);
    expect(moved.cameras[1]).toEqual(pick.cameras[1]);
  });

  it("object-pose permutes the randomised objects' places at level 3", () => {
    const moved = at(push, "object-pose", 3);
    const block = moved.objects.find((o) => o.id === "block")?.pose.position as Vec3;
    const target = push.objects.find((o) => o.id === "target")?.pose.position as Vec3;
    expect(Math.hypot(block[0] - target[0], block[1] - target[1])).toBeLessThan(0.045); // within the ±3 cm jitter of the target's place
  });

  it("object-scale keeps resting objects on the table", () => {
    const scaled = at(place, "object-scale", 3);
    for (const o of scaled.objects) expect(o.pose.position[2] - halfHeightOf(o)).toBeCloseTo(scaled.table.height, 9);
    expect(scaled.objects[0].size[0]).not.toBe(place.objects[0].size[0]);
  });

  it("distractors adds 1, 2 and 4 dynamic objects, nested across levels for one seed", () => {
    const counts = [1, 2, 3].map((l) => at(pick, "distractors", l).objects.length - pick.objects.length);
    expect(counts).toEqual([1, 2, 4]);
    expect(at(pick, "distractors", 2).objects.slice(0, 2)).toEqual(at(pick, "distractors", 1).objects);
  });

  it("image sets an observation corruption within the level's bounds", () => {
    const { observation } = at(pick, "image", 3);
    expect(observation?.noise).toBeGreaterThanOrEqual(0.05);
    expect(observation?.noise).toBeLessThanOrEqual(0.1);
    expect(Math.abs(observation?.exposure ?? 0)).toBeGreaterThanOrEqual(0.7);
  });

  it("physics leaves visual objects alone", () => {
    const changed = at(push, "physics", 3);
    expect(changed.objects.find((o) => o.id === "target")).toEqual(push.objects.find((o) => o.id === "target"));
  });

  it("gives a perturbed scene its own id and records the settings", () => {
    const p = perturbScene(pick, "lighting", 2, 9);
    expect(p.scene.id).toBe("pick-cube.lighting-2");
    expect(p.perturbation).toMatchObject({ axis: "lighting", level: 2, seed: 9 });
    expect(p.perturbation.settings.every((s) => s.path.startsWith(".lights"))).toBe(true);
  });
});

describe("registry parsing", () => {
  it("parses axes and levels, and names the problem on bad input", () => {
    expect(parseAxes("all")).toHaveLength(AXES.length);
    expect(parseAxes("lighting,image").map((a) => a.name)).toEqual(["lighting", "image"]);
    expect(() => getAxis("fog")).toThrow(/unknown perturbation axis "fog"; expected one of object-pose/);
    expect(parseLevels("0-3")).toEqual([0, 1, 2, 3]);
    expect(parseLevels("3,0,1-2")).toEqual([0, 1, 2, 3]);
    expect(() => parseLevels("zero")).toThrow(/levels: expected/);
  });
});

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dist = (a: Vec3, b: Vec3) => Math.hypot(...sub(a, b));
const angle = (a: Vec3, b: Vec3) => (Math.acos((a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (Math.hypot(...a) * Math.hypot(...b))) * 180) / Math.PI;

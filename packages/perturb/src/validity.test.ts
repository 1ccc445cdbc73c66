import type { Scene } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { describe, expect, it } from "vitest";
import { defineAxis } from "./axis";
import { MAX_ATTEMPTS, PerturbationRejectedError, perturbScene } from "./perturb-scene";
import { sceneViolations } from "./validity";

const scene = (n: string) => loadScene(new URL(`../../../scenes/${n}.json`, import.meta.url).pathname);
const pick = scene("pick-cube");

/** A test axis that does whatever `edit` does, at every level. */
const plant = (edit: (s: Scene, r: number) => void) =>
  defineAxis<null>({ name: "planted", description: "test", levels: [["nominal", null], ["1", null], ["2", null], ["3", null]], touches: [/.*/], perturb: (s, rng) => edit(s, rng.next()) });

describe("validity", () => {
  it("finds nothing wrong with the shipped scenes", () => {
    for (const n of ["pick-cube", "push-block", "place-on-plate", "stack-cube"]) expect(sceneViolations(scene(n))).toEqual([]);
  });

  it("rejects a cube too wide for the gripper, with the reason", () => {
    const huge = plant((s) => {
      s.objects[0].size = [0.12, 0.12, 0.04];
    });
    expect(() => perturbScene(pick, huge, 1, 0)).toThrow(PerturbationRejectedError);
    expect(() => perturbScene(pick, huge, 1, 0)).toThrow(/cube is 0\.120 m wide; the open gripper takes at most 0\.064 m/);
  });

  it("rejects a target out of the arm's reach, and out of the camera's view", () => {
    const far = plant((s) => {
      s.objects[0].pose.position = [0.62, 0.4, 0.02];
      s.table.size = [1.6, 1.6];
    });
    try {
      perturbScene(pick, far, 2, 0);
      expect.unreachable();
    } catch (err) {
      const reasons = (err as PerturbationRejectedError).reasons.join("\n");
      expect(reasons).toMatch(/outside the workspace/);
      expect(reasons).toMatch(/cannot reach it from above/);
      expect(reasons).toMatch(/outside camera third's view/);
    }
  });

  it("rejects objects that interpenetrate, sink into the table or leave it", () => {
    const bad = plant((s) => {
      s.objects.push({ ...structuredClone(s.objects[0]), id: "twin", pose: { position: [0.3, 0.05, 0.005] } });
      s.objects.push({ ...structuredClone(s.objects[0]), id: "edge", pose: { position: [0.64, 0.3, 0.02] } });
    });
    const reasons = (() => {
      try {
        perturbScene(pick, bad, 1, 0);
        return "";
      } catch (err) {
        return (err as PerturbationRejectedError).reasons.join("\n");
      }
    })();
    expect(reasons).toMatch(/cube and twin can overlap/);
    expect(reasons).toMatch(/twin reaches 0\.015 m into the table/);
    expect(reasons).toMatch(/edge can start partly off the table/);
  });

  it("resamples a draw that breaks the scene, within a bounded number of draws", () => {
    // Invalid (a huge cube) on roughly two draws in three.
    const flaky = plant((s, r) => {
      if (r < 0.66) s.objects[0].size = [0.2, 0.2, 0.04];
      else s.objects[0].color = "#00ff00";
    });
    const p = perturbScene(pick, flaky, 1, 4);
    expect(p.scene.objects[0].color).toBe("#00ff00");
    expect(p.attempts).toBeGreaterThan(1);
    expect(p.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });

  it("judges a perturbation by what it adds to the nominal scene's own violations", () => {
    const odd = structuredClone(pick);
    odd.cameras[0].lookAt = [2, 2, 0]; // the nominal scene already cannot see the cube
    expect(sceneViolations(odd).map((v) => v.key)).toContain("view:third:cube");
    expect(perturbScene(odd, "lighting", 3, 0).attempts).toBe(1);
  });
});

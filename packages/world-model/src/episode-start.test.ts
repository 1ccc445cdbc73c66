import { fileURLToPath } from "node:url";
import { loadScene } from "@gauntlet/sim";
import { describe, expect, it } from "vitest";
import { withoutObservation } from "./episode-start";

const scene = loadScene(fileURLToPath(new URL("../../../scenes/pick-cube.json", import.meta.url)));

describe("withoutObservation", () => {
  it("returns a scene without corruption as is, so the simulator keeps its world", () => {
    expect(scene.observation).toBeUndefined();
    expect(withoutObservation(scene)).toBe(scene);
  });

  it("strips corruption into one stable copy per scene", () => {
    const corrupted = { ...scene, observation: { noise: 0.1, blur: 0, exposure: 0 } };
    const clean = withoutObservation(corrupted);
    expect(clean.observation).toBeUndefined();
    expect(clean.cameras).toBe(scene.cameras);
    expect(withoutObservation(corrupted)).toBe(clean);
    expect(withoutObservation({ ...corrupted })).not.toBe(clean);
  });
});

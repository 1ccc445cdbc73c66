import { describe, expect, it } from "vitest";
import { parseScene, SceneValidationError } from "./scene";

const minimal = {
  version: 1,
  id: "pick",
  task: { type: "pick-lift", instruction: "pick up the cube" },
  table: { size: [0.6, 0.8] },
  objects: [{ id: "cube", type: "box", size: [0.04, 0.04, 0.04], pose: { position: [0.3, 0, 0.02] } }],
  cameras: [{ name: "third", position: [0.8, 0, 0.5], lookAt: [0.3, 0, 0] }],
};

function errorOf(json: unknown): string {
  try {
    parseScene(json);
  } catch (err) {
    expect(err).toBeInstanceOf(SceneValidationError);
    return (err as Error).message;
  }
  throw new Error("expected the scene to be rejected");
}

describe("parseScene", () => {
  it("fills defaults for a minimal scene", () => {
    const scene = parseScene(minimal);
    expect(scene.objects[0]).toMatchObject({ mass: 0.05, body: "dynamic", color: "#cccccc" });
    expect(scene.physics).toEqual({ gravity: [0, 0, -9.81], rateHz: 240, controlHz: 10 });
    expect(scene.cameras[0]).toMatchObject({ width: 128, height: 128, mount: "world" });
  });

  it("names the exact field and the value of a bad size", () => {
    const bad = { ...minimal, objects: [{ ...minimal.objects[0], size: [0.05, -1, 0.05] }] };
    expect(errorOf(bad)).toContain("scene.objects[0].size[1]: expected a positive number, got -1");
  });

  it("rejects an unknown object type", () => {
    const bad = { ...minimal, objects: [{ ...minimal.objects[0], type: "torus" }] };
    expect(errorOf(bad)).toContain('scene.objects[0].type: expected type to be one of box, cylinder, sphere, got "torus"');
  });

  it("lists every problem, including unknown keys and cross-field rules", () => {
    const bad = {
      ...minimal,
      objects: [minimal.objects[0], { ...minimal.objects[0], colour: "red" }],
      task: { ...minimal.task, randomize: { ghost: { x: [0, 1] } } },
      physics: { rateHz: 240, controlHz: 7 },
    };
    const message = errorOf(bad);
    expect(message).toContain('scene.objects[1]: Unrecognized key: "colour"');
    expect(message).toContain('scene.objects[1].id: duplicate object id "cube"');
    expect(message).toContain('scene.task.randomize.ghost: no object with id "ghost"');
    expect(message).toContain("scene.physics.controlHz: expected a divisor of rateHz (240)");
  });

  it("rejects a non-unit quaternion and a missing camera list", () => {
    const bad = { ...minimal, cameras: [], objects: [{ ...minimal.objects[0], pose: { position: [0, 0, 0], quaternion: [0, 0, 0, 2] } }] };
    const message = errorOf(bad);
    expect(message).toContain("scene.objects[0].pose.quaternion: expected a unit quaternion");
    expect(message).toContain("scene.cameras: expected at least one camera");
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScene } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { describe, expect, it } from "vitest";
import { type FittedObject, buildScene, chooseTask } from "./build-scene";
import { testCamera } from "./test-fixtures";

const cube = (id: string, colourName: string, side: number, y: number): FittedObject => ({
  id,
  colourName,
  color: "#808080",
  primitive: { type: "box", center: [0.3, y, side / 2], yaw: 0.2, size: [side, side, side] },
});

describe("chooseTask", () => {
  const green = cube("green-block", "green", 0.03, -0.1);
  const yellow = cube("yellow-block", "yellow", 0.045, 0.1);

  it("stacks the first named object on the second", () => {
    const { task } = chooseTask([yellow, green], "put the yellow block on top of the green block");
    expect(task).toMatchObject({ type: "stack", params: { object: "yellow-block", target: "green-block" } });
  });

  it("without an instruction stacks the smaller object on the largest box and writes an instruction", () => {
    const { task } = chooseTask([yellow, green]);
    expect(task).toMatchObject({ type: "stack", instruction: "stack the green block on the yellow block", params: { object: "green-block", target: "yellow-block" } });
  });

  it("picks up a single object, and warns when the instruction names nothing it found", () => {
    expect(chooseTask([green]).task).toMatchObject({ type: "pick-lift", params: { object: "green-block" } });
    const { task, warnings } = chooseTask([green], "pick up the purple ball");
    expect(task.type).toBe("pick-lift");
    expect(warnings[0]).toMatch(/names no detected object/);
  });

  it("gives an empty scene a warning instead of failing", () => {
    const { warnings } = chooseTask([]);
    expect(warnings[0]).toMatch(/no objects were detected/);
  });
});

describe("buildScene", () => {
  it("writes a scene that passes validation, with the backdrop on the real camera", () => {
    const { scene } = buildScene([cube("green-block", "green", 0.03, -0.1), cube("yellow-block", "yellow", 0.045, 0.1)], {
      id: "t",
      camera: testCamera(640, 480),
      tableHeight: 0,
      tableColor: "#a0784f",
      backdrop: "t.background.png",
    });
    const parsed = parseScene(scene);
    expect(parsed.background).toMatchObject({ image: "t.background.png", camera: "third", hideTable: true });
    expect(parsed.cameras[0]).toMatchObject({ name: "third", width: 160, height: 120 });
    expect(parsed.cameras[0].intrinsics?.fx).toBeCloseTo(150, 6);
    expect(parsed.objects.map((o) => o.pose.position[2])).toEqual([0.015, 0.0225]);
  });
});

describe("the green-screen backdrop in the scene schema", () => {
  const scene = () =>
    buildScene([cube("green-block", "green", 0.03, -0.1)], { id: "b", camera: testCamera(640, 480), tableHeight: 0, tableColor: "#a0784f", backdrop: "b.background.png" }).scene;

  it("must name a world camera", () => {
    const wrist = scene();
    wrist.background = { ...wrist.background, camera: "wrist" };
    expect(() => parseScene(wrist)).toThrow(/scene\.background\.camera: expected the name of a world camera, got "wrist"/);
    const missing = scene();
    missing.background = { ...missing.background, camera: "nope" };
    expect(() => parseScene(missing)).toThrow(/background\.camera/);
  });

  it("is resolved relative to the scene file, and a missing image is an error", () => {
    const dir = mkdtempSync(join(tmpdir(), "real2sim-scene-"));
    writeFileSync(join(dir, "b.json"), JSON.stringify(scene()));
    expect(() => loadScene(join(dir, "b.json"))).toThrow(/scene\.background\.image: no such file .*b\.background\.png/);
    writeFileSync(join(dir, "b.background.png"), "");
    expect(loadScene(join(dir, "b.json")).background.image).toBe(join(dir, "b.background.png"));
  });
});

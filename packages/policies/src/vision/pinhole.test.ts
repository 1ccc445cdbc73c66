import type { SceneCamera } from "@gauntlet/core";
import { quatFromEuler } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { makePinholeCamera } from "./pinhole";

const third: SceneCamera = { name: "third", mount: "world", position: [0.68, -0.5, 0.55], lookAt: [0.16, 0, 0.1], up: [0, 0, 1], width: 128, height: 128, fovY: 55, near: 0.01, far: 10 };

describe("makePinholeCamera", () => {
  it("puts the look-at point at the image centre and the up vector towards row 0", () => {
    const cam = makePinholeCamera(third);
    const [u, v] = cam.project([0.16, 0, 0.1]) ?? [];
    expect(u).toBeCloseTo(64, 9);
    expect(v).toBeCloseTo(64, 9);
    expect(cam.project([0.16, 0, 0.2])?.[1]).toBeLessThan(64);
  });

  it("back-projects pixels onto the plane they came from", () => {
    const cam = makePinholeCamera(third);
    for (const p of [[0.3, -0.1, 0.02], [0.2, 0.15, 0], [0.45, 0.05, 0.04]] as const) {
      const [u, v] = cam.project([...p]) ?? [0, 0];
      const back = cam.backProject(u, v, p[2]) ?? [];
      for (let i = 0; i < 3; i++) expect(back[i]).toBeCloseTo(p[i], 9);
    }
    expect(cam.backProject(64, 0, 1)).toBeNull(); // the plane is behind the camera along that ray
  });

  it("follows the tool for wrist cameras and honours pinhole intrinsics", () => {
    const wrist: SceneCamera = { ...third, name: "wrist", mount: "wrist", position: [-0.09, 0, 0.06], lookAt: [0.06, 0, 0], fovY: 75 };
    expect(() => makePinholeCamera(wrist)).toThrow(/needs the tool pose/);
    const tool = { position: [0.3, 0, 0.1] as [number, number, number], quaternion: quatFromEuler(0, Math.PI / 2, 0) };
    const cam = makePinholeCamera(wrist, tool);
    expect(cam.eye[2]).toBeCloseTo(0.19, 9); // 9 cm above the tool: tool -x is world up
    const withIntrinsics = makePinholeCamera({ ...third, intrinsics: { fx: 100, fy: 100, cx: 60, cy: 70 } });
    const [u, v] = withIntrinsics.project([0.16, 0, 0.1]) ?? [];
    expect(u).toBeCloseTo(60, 9);
    expect(v).toBeCloseTo(70, 9);
  });
});

import { quatRotate } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { backProjectToPlane } from "./camera";
import { parseCalibration, parseIntrinsics } from "./inputs";

const K = { fx: 623.588, fy: 623.588, cx: 319.501, cy: 239.545 };

describe("parseIntrinsics", () => {
  it("accepts fx/fy/cx/cy or a 3x3 K, with millimetre depth by default", () => {
    expect(parseIntrinsics({ fx: 600, fy: 610, cx: 320, cy: 240 })).toEqual({ fx: 600, fy: 610, cx: 320, cy: 240, depthUnit: 0.001 });
    expect(parseIntrinsics({ K: [[600, 0, 320], [0, 610, 240], [0, 0, 1]], depthUnit: 0.0001 })).toEqual({ fx: 600, fy: 610, cx: 320, cy: 240, depthUnit: 0.0001 });
  });

  it("names the bad field", () => {
    expect(() => parseIntrinsics({ fx: -1, fy: 600, cx: 320, cy: 240 }, "k.json")).toThrow(/k\.json: .*fx: expected a positive number/);
    expect(() => parseIntrinsics({ fy: 600, cx: 320, cy: 240 }, "k.json")).toThrow(/k\.json/);
  });
});

describe("parseCalibration", () => {
  it("turns the SimplerEnv Bridge camera (x-forward, z-up link frame) into OpenCV axes", () => {
    const c = parseCalibration({ intrinsics: K, camera: { position: [0, -0.16, 0.336], quaternion: [-0.0819809, 0.347277, 0.214629, 0.909182] } });
    const forward = quatRotate(c.pose.quaternion, [0, 0, 1]);
    const down = quatRotate(c.pose.quaternion, [0, 1, 0]);
    // The link's +x (forward) is [2/3, 1/3, -2/3] for this quaternion; OpenCV's +z must match it.
    expect(forward[0]).toBeCloseTo(2 / 3, 4);
    expect(forward[1]).toBeCloseTo(1 / 3, 4);
    expect(forward[2]).toBeCloseTo(-2 / 3, 4);
    expect(down[2]).toBeLessThan(0); // image down points down in the world
    const cam = { width: 640, height: 480, intrinsics: c.intrinsics, pose: c.pose };
    const hit = backProjectToPlane(cam, K.cx, K.cy, 0);
    expect(hit?.[0]).toBeCloseTo(0.336, 3);
    expect(hit?.[1]).toBeCloseTo(0.008, 3);
  });

  it("accepts a look-at pose and the K matrix, and names bad fields", () => {
    const c = parseCalibration({ intrinsics: { K: [[600, 0, 320], [0, 600, 240], [0, 0, 1]] }, camera: { position: [0, 0, 0.5], lookAt: [0.4, 0, 0] }, table: { height: 0.02 } });
    expect(c.tableHeight).toBe(0.02);
    const forward = quatRotate(c.pose.quaternion, [0, 0, 1]);
    expect(forward[0] / -forward[2]).toBeCloseTo(0.4 / 0.5, 6);
    expect(() => parseCalibration({ camera: { position: [0, 0, 1], lookAt: [0, 0, 0] } }, "c.json")).toThrow(/c\.json: intrinsics/);
    expect(() => parseCalibration({ intrinsics: K, camera: { position: [0, 0, 1], quaternion: [0, 0, 0, 2] } }, "c.json")).toThrow(/unit quaternion/);
    expect(() => parseCalibration({ intrinsics: K, camera: { position: [0, 0, 1], lookAt: [0, 0, 0], up: [0, 0, 1] } }, "c.json")).toThrow(/up: expected a direction not parallel/);
  });
});

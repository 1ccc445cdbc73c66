import type { Vec3 } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { cameraToWorld } from "./camera";
import { fitPrimitive } from "./fit-primitive";
import type { Primitive } from "./primitive";
import { THREE_OBJECTS, tableDepth, testCamera } from "./test-fixtures";

/** World points the camera sees on primitive k (noisy depth), as the depth stage hands them over. */
function visiblePoints(prims: Primitive[], k: number, seed: number): Vec3[] {
  const cam = testCamera(640, 480);
  const { depth, labels } = tableDepth(cam, prims, seed);
  const pts: Vec3[] = [];
  const ki = cam.intrinsics;
  for (let i = 0; i < labels.length; i++) {
    const z = depth.data[i];
    if (labels[i] !== k + 1 || !(z > 0)) continue;
    const u = i % cam.width;
    const v = (i - u) / cam.width;
    const p = cameraToWorld(cam, [((u + 0.5 - ki.cx) / ki.fx) * z, ((v + 0.5 - ki.cy) / ki.fy) * z, z]);
    if (p[2] > 0.006) pts.push(p);
  }
  return pts;
}

describe("fitPrimitive", () => {
  it("chooses the right shape by residual and recovers pose and size", () => {
    THREE_OBJECTS.forEach((truth, k) => {
      const fit = fitPrimitive(visiblePoints(THREE_OBJECTS, k, 11 + k), 0);
      expect(fit.primitive.type).toBe(truth.type);
      const others = Object.entries(fit.residuals).filter(([t]) => t !== truth.type);
      for (const [, r] of others) expect(r).toBeGreaterThan(fit.residuals[truth.type]);
      expect(Math.hypot(fit.primitive.center[0] - truth.center[0], fit.primitive.center[1] - truth.center[1])).toBeLessThan(0.008);
      const sizes = truth.type === "box" ? [fit.primitive.size[0], fit.primitive.size[1], fit.primitive.size[2]].sort() : fit.primitive.size;
      const want = truth.type === "box" ? [...truth.size].sort() : truth.size;
      sizes.forEach((s, i) => {
        expect(Math.abs(s - want[i]) / want[i]).toBeLessThan(0.15);
      });
    });
  });

  it("refuses too few points", () => {
    expect(() => fitPrimitive([[0, 0, 0.01]], 0)).toThrow(/at least 10 points/);
  });
});

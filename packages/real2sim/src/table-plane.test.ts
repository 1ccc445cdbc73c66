import { makeRng, quatRotate } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { cameraToWorld } from "./camera";
import { depthPoints, fitTablePlane, tableFromDepth } from "./table-plane";
import { THREE_OBJECTS, tableDepth, testCamera } from "./test-fixtures";

describe("table plane (RANSAC on depth)", () => {
  it("recovers the table under noisy, holed depth with objects on it, and places the camera above it", () => {
    const cam = testCamera();
    const { depth } = tableDepth(cam, THREE_OBJECTS, 7);
    const view = tableFromDepth(depth, cam.intrinsics, makeRng(1));
    // The true table normal in camera coordinates is world +z seen from the camera.
    const [x, y, z, w] = cam.pose.quaternion;
    const trueNormal = quatRotate([-x, -y, -z, w], [0, 0, 1]);
    const n = view.plane?.normal ?? [0, 0, 0];
    const angle = Math.acos(Math.min(1, n[0] * trueNormal[0] + n[1] * trueNormal[1] + n[2] * trueNormal[2]));
    expect((angle * 180) / Math.PI).toBeLessThan(0.5);
    expect(Math.abs((view.plane?.offset ?? 0) - cam.pose.position[2])).toBeLessThan(0.002); // camera height above the table
    expect(view.inlierFraction).toBeGreaterThan(0.8);
    expect(view.rms).toBeLessThan(0.003);
    // Table points land at z = 0 in the new world frame, and the camera sits above it, 0.5 m up.
    const pts = depthPoints(depth, cam.intrinsics, 16);
    const heights: number[] = [];
    for (let i = 0; i < pts.length; i += 3) heights.push(cameraToWorld(view.camera, [pts[i], pts[i + 1], pts[i + 2]])[2]);
    heights.sort((a, b) => a - b);
    expect(Math.abs(heights[Math.floor(heights.length / 2)])).toBeLessThan(0.003);
    expect(view.camera.pose.position[2]).toBeCloseTo(0.5, 2);
  });

  it("fails clearly with no valid pixels or no plane", () => {
    const k = { fx: 100, fy: 100, cx: 32, cy: 24 };
    expect(() => fitTablePlane({ width: 64, height: 48, data: new Float32Array(64 * 48) }, k, makeRng(0))).toThrow(/no valid pixels/);
    // A random point cloud: every plane holds only a few points.
    const rng = makeRng(3);
    const cloud = { width: 64, height: 48, data: Float32Array.from({ length: 64 * 48 }, () => rng.uniform(0.3, 3)) };
    expect(() => fitTablePlane(cloud, k, rng)).toThrow(/no table plane in view: the best plane holds \d+% .*need 30%/);
  });
});

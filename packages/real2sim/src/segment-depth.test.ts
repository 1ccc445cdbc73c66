import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { segmentDepth } from "./segment-depth";
import { tableFromDepth } from "./table-plane";
import { THREE_OBJECTS, tableDepth, testCamera } from "./test-fixtures";

describe("segmentDepth", () => {
  it("finds one cluster per object above the plane, covering its silhouette despite holes", () => {
    const cam = testCamera();
    const { depth, labels } = tableDepth(cam, THREE_OBJECTS, 5);
    const view = tableFromDepth(depth, cam.intrinsics, makeRng(2));
    const seg = segmentDepth(depth, cam.intrinsics, view.plane ?? { normal: [0, 0, 1], offset: 0 });
    expect(seg.segments).toHaveLength(3);
    for (const s of seg.segments) {
      // Each segment is mostly one true object, and covers most of it.
      const counts = new Map<number, number>();
      for (const i of s.pixels) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
      const [label, hits] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      expect(label).toBeGreaterThan(0);
      expect(hits / s.pixels.length).toBeGreaterThan(0.9);
      const truthCount = labels.filter((l) => l === label).length;
      expect(hits / truthCount).toBeGreaterThan(0.85);
    }
  });

  it("finds nothing on an empty table", () => {
    const cam = testCamera();
    const { depth } = tableDepth(cam, [], 6);
    const view = tableFromDepth(depth, cam.intrinsics, makeRng(2));
    expect(segmentDepth(depth, cam.intrinsics, view.plane ?? { normal: [0, 0, 1], offset: 0 }).segments).toHaveLength(0);
  });
});

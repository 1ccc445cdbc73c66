import { type OffscreenRenderer, createOffscreenRenderer } from "@gauntlet/sim/render";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabelRenderer, labelIous } from "./id-render";
import type { Primitive } from "./primitive";
import { refinePrimitives } from "./refine";
import { THREE_OBJECTS, tableDepth, testCamera } from "./test-fixtures";

describe("render-and-compare refinement", () => {
  let renderer: OffscreenRenderer;
  beforeAll(async () => {
    renderer = await createOffscreenRenderer({ width: 64, height: 64 });
  });
  afterAll(() => renderer.dispose());

  it("renders silhouettes that agree with ray casting", async () => {
    const cam = testCamera();
    const rendered = await new LabelRenderer(renderer, cam).render(THREE_OBJECTS);
    const { labels } = tableDepth(cam, THREE_OBJECTS);
    for (const iou of labelIous(rendered, labels, 3)) expect(iou).toBeGreaterThan(0.97);
  });

  it("pulls perturbed primitives back onto the observed silhouettes", async () => {
    const cam = testCamera();
    const { labels } = tableDepth(cam, THREE_OBJECTS);
    const off: Primitive[] = THREE_OBJECTS.map((p) => {
      const size = p.size.map((s) => s * 1.15);
      const h = p.type === "box" ? size[2] : p.type === "cylinder" ? size[1] : 2 * size[0];
      return { ...p, center: [p.center[0] + 0.006, p.center[1] - 0.005, h / 2], yaw: p.type === "box" ? p.yaw + 0.12 : 0, size };
    });
    const r = await refinePrimitives(off, labels, new LabelRenderer(renderer, cam), 0);
    r.iouAfter.forEach((iou, k) => {
      expect(iou).toBeGreaterThan(r.iouBefore[k]);
      expect(iou).toBeGreaterThan(0.93);
      const p = r.primitives[k];
      expect(Math.hypot(p.center[0] - THREE_OBJECTS[k].center[0], p.center[1] - THREE_OBJECTS[k].center[1])).toBeLessThan(0.004);
      expect(p.center[2]).toBeCloseTo((p.type === "box" ? p.size[2] : p.type === "cylinder" ? p.size[1] : 2 * p.size[0]) / 2, 9); // still resting on the table
    });
  });
});

/** Shared fixtures of the real2sim tests: a camera over a table and exact or noisy depth of primitives on it. */
import { makeRng } from "@gauntlet/core";
import { type CameraModel, cameraFromLookAt } from "./camera";
import type { DepthImage } from "./image-io";
import type { Primitive } from "./primitive";
import { raycastDepth } from "./raycast";
import { degradeDepth } from "./synthetic";

/** A 320x240 camera 0.5 m above and 0.45 m in front of the table point (0.3, 0). */
export function testCamera(width = 320, height = 240): CameraModel {
  return cameraFromLookAt([0.75, 0.04, 0.5], [0.3, 0, 0], [0, 0, 1], { fx: (300 * width) / 320, fy: (300 * width) / 320, cx: width / 2 + 1.5, cy: height / 2 - 2 }, width, height);
}

/** Depth of a 0.7 x 0.9 m table at z = 0 with the primitives on it, optionally degraded like a sensor. */
export function tableDepth(cam: CameraModel, prims: Primitive[], noisySeed?: number): { depth: DepthImage; labels: Int32Array } {
  const exact = raycastDepth(cam, { center: [0.3, 0], size: [0.7, 0.9], height: 0 }, prims);
  return { depth: noisySeed === undefined ? exact.depth : degradeDepth(exact.depth, makeRng(noisySeed)), labels: exact.labels };
}

/** Three well-separated primitives: a yawed box, a cylinder and a sphere. */
export const THREE_OBJECTS: Primitive[] = [
  { type: "box", center: [0.3, -0.12, 0.025], yaw: 0.4, size: [0.06, 0.04, 0.05] },
  { type: "cylinder", center: [0.22, 0.08, 0.04], yaw: 0, size: [0.03, 0.08] },
  { type: "sphere", center: [0.4, 0.1, 0.03], yaw: 0, size: [0.03] },
];

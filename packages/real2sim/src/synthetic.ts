/**
 * Synthetic RGB-D frames with known truth, for the round-trip test and the benchmark: a random
 * tabletop of well-separated primitives, its colour frame rendered by the simulator's SceneView
 * (arm parked out of view), its depth ray cast exactly and then degraded like a real sensor
 * (depth-dependent noise, millimetre quantisation, dropouts at depth edges, random holes).
 */
import type { Rng, RgbImage, Scene, SceneInput, Vec3 } from "@gauntlet/core";
import { parseScene } from "@gauntlet/core";
import { loadRobotDescription } from "@gauntlet/sim/robot";
import { type OffscreenRenderer, SceneView } from "@gauntlet/sim/render";
import { type CameraModel, cameraFromLookAt } from "./camera";
import type { DepthImage } from "./image-io";
import type { DepthIntrinsics } from "./inputs";
import { type Primitive, type PrimitiveType, primitiveHeight, primitiveQuat } from "./primitive";
import { raycastDepth } from "./raycast";

/** A synthetic observation and the truth behind it. */
export interface SyntheticFrame {
  rgb: RgbImage;
  depth: DepthImage;
  intrinsics: DepthIntrinsics;
  /** The true camera, in the truth scene's world frame. */
  camera: CameraModel;
  truth: Primitive[];
  /** Which truth primitive (k + 1) each pixel shows, 0 for none. */
  labels: Int32Array;
  scene: Scene;
}

const COLOURS = ["#d03a2f", "#36b24a", "#e0c020", "#2f6fd0", "#9b3fc0", "#f07f1a", "#20b0b0", "#e060a0"];

/** A random scene of `count` well-separated boxes, cylinders and spheres in front of a 640x480 camera. */
export function makeSyntheticScene(rng: Rng, count: number, types: PrimitiveType[] = ["box", "cylinder", "sphere"]): { scene: Scene; truth: Primitive[] } {
  const truth: Primitive[] = [];
  for (let tries = 0; truth.length < count; tries++) {
    if (tries > 5000) throw new Error(`makeSyntheticScene: could not place ${count} separated objects`);
    const type = types[rng.int(0, types.length - 1)];
    const x = rng.uniform(0.18, 0.45);
    const y = rng.uniform(-0.2, 0.2);
    if (truth.some((p) => Math.hypot(p.center[0] - x, p.center[1] - y) < 0.1)) continue;
    let prim: Primitive;
    if (type === "box") prim = { type, center: [x, y, 0], yaw: rng.uniform(-0.7, 0.7), size: [rng.uniform(0.03, 0.07), rng.uniform(0.03, 0.07), rng.uniform(0.03, 0.07)] };
    else if (type === "cylinder") prim = { type, center: [x, y, 0], yaw: 0, size: [rng.uniform(0.02, 0.035), rng.uniform(0.04, 0.1)] };
    else prim = { type, center: [x, y, 0], yaw: 0, size: [rng.uniform(0.02, 0.035)] };
    prim.center[2] = primitiveHeight(prim) / 2;
    truth.push(prim);
  }
  const eye: Vec3 = [rng.uniform(0.7, 0.8), rng.uniform(-0.1, 0.1), rng.uniform(0.45, 0.6)];
  const input: SceneInput = {
    version: 1,
    id: "synthetic",
    task: { type: "pick-lift", instruction: "pick up the first object", params: { object: "o0" } },
    table: { size: [0.7, 0.9], center: [0.3, 0], height: 0, color: "#9c7a54" },
    objects: truth.map((p, k) => ({ id: `o${k}`, type: p.type, size: p.size, pose: { position: p.center, quaternion: primitiveQuat(p) }, color: COLOURS[k % COLOURS.length] })) as SceneInput["objects"],
    cameras: [{ name: "rgbd", position: eye, lookAt: [0.31, 0, 0], width: 640, height: 480, intrinsics: { fx: 600, fy: 600, cx: 322.5, cy: 241.5 } }],
  };
  return { scene: parseScene(input, "synthetic scene"), truth };
}

/** Renders the scene's first camera as a noisy RGB-D frame. */
export async function renderSyntheticFrame(scene: Scene, truth: Primitive[], renderer: OffscreenRenderer, rng: Rng): Promise<SyntheticFrame> {
  const spec = scene.cameras[0];
  const k = spec.intrinsics;
  if (!k) throw new Error("renderSyntheticFrame: the scene's first camera needs intrinsics");
  const { width, height } = spec;
  const camera = cameraFromLookAt(spec.position, spec.lookAt, spec.up, k, width, height);
  const robot = loadRobotDescription(scene.robot.description);
  const view = new SceneView(scene, { ...robot, links: [] });
  // Park the finger pads far beyond the far plane: the synthetic frame shows only the tabletop.
  const parked = { position: [0, 0, -100] as Vec3, quaternion: [0, 0, 0, 1] as [number, number, number, number] };
  view.update({ objects: Object.fromEntries(scene.objects.map((o) => [o.id, { position: o.pose.position, quaternion: o.pose.quaternion ?? [0, 0, 0, 1] }])), links: [], fingers: [parked, parked], ee: parked });
  const data = await renderer.render(view.scene as never, view.viewFrom(spec.name) as never, width, height);
  view.dispose();
  const { table } = scene;
  const exact = raycastDepth(camera, { center: table.center, size: table.size, height: table.height }, truth);
  return { rgb: { width, height, data }, depth: degradeDepth(exact.depth, rng), intrinsics: { ...k, depthUnit: 0.001 }, camera, truth, labels: exact.labels, scene };
}

/**
 * A real sensor's depth from exact depth: axial noise growing with distance (Nguyen et al. 2012,
 * sigma = 1.2 mm + 1.9 mm * (z - 0.4 m)^2 per m^2), millimetre quantisation, half the pixels at depth edges
 * dropped, 1% random dropouts and a few round holes.
 */
export function degradeDepth(exact: DepthImage, rng: Rng): DepthImage {
  const { width, height } = exact;
  const src = exact.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const z = src[i];
    if (!(z > 0)) continue;
    const sigma = 0.0012 + 0.0019 * (z - 0.4) ** 2;
    out[i] = Math.round((z + sigma * rng.normal()) * 1000) / 1000;
  }
  for (let v = 1; v < height - 1; v++) {
    for (let u = 1; u < width - 1; u++) {
      const i = v * width + u;
      const edge = Math.abs(src[i] - src[i + 1]) > 0.015 || Math.abs(src[i] - src[i + width]) > 0.015;
      if ((edge && rng.next() < 0.5) || rng.next() < 0.01) out[i] = 0;
    }
  }
  for (let h = 0; h < 8; h++) {
    const cu = rng.uniform(0, width);
    const cv = rng.uniform(0, height);
    const r = rng.uniform(2, 6);
    for (let v = Math.max(0, Math.floor(cv - r)); v < Math.min(height, cv + r); v++) {
      for (let u = Math.max(0, Math.floor(cu - r)); u < Math.min(width, cu + r); u++) if ((u - cu) ** 2 + (v - cv) ** 2 <= r * r) out[v * width + u] = 0;
    }
  }
  return { width, height, data: out };
}

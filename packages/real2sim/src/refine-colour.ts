/**
 * Render-and-compare for colour: the simulator lights its objects, so an albedo equal to the
 * observed colour renders darker or brighter than the real object. This renders the scene as the
 * simulator does (SceneView, the scene's lights, its third camera) and rescales each object's
 * albedo, in linear light, until its rendered mean colour matches the real one over the same pixels.
 * When a real object is brighter than any albedo could render under the scene's lights, all lights
 * are scaled up together (an exposure estimate) instead of clipping that object's colour.
 */
import type { RgbImage, Scene, Vec3 } from "@gauntlet/core";
import { type OffscreenRenderer, SceneView } from "@gauntlet/sim/render";
import { loadRobotDescription } from "@gauntlet/sim/robot";
import { toHex } from "./appearance";

const toLinear = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const toSrgb = (l: number) => 255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055);

/** The most the lights may be brightened to match the real exposure. */
const MAX_LIGHT_GAIN = 3;

/** Colour of each object after matching, the light gain, and the mean colour error (0..255) before and after. */
export interface ColourFit {
  colors: string[];
  /** Factor applied to every light's intensity (>= 1). */
  lightGain: number;
  errorBefore: number[];
  errorAfter: number[];
}

/**
 * Matches object colours. `observed` is the real frame and `labels` its object masks (k + 1 =
 * scene.objects[k]), both at the size of the scene's camera `cameraName`.
 */
export async function refineColours(scene: Scene, cameraName: string, observed: RgbImage, labels: Int32Array, renderer: OffscreenRenderer, iterations = 2): Promise<ColourFit> {
  const cam = scene.cameras.find((c) => c.name === cameraName);
  if (!cam) throw new Error(`refineColours: no camera "${cameraName}"`);
  if (observed.width !== cam.width || observed.height !== cam.height) throw new Error(`refineColours: observed ${observed.width}x${observed.height} does not match camera ${cam.width}x${cam.height}`);
  const n = scene.objects.length;
  const colors = scene.objects.map((o) => o.color);
  const errorBefore: number[] = [];
  let errorAfter: number[] = [];
  const robot = loadRobotDescription(scene.robot.description);
  const parked = { position: [0, 0, -100] as Vec3, quaternion: [0, 0, 0, 1] as [number, number, number, number] };
  let lightGain = 1;
  for (let it = 0; it <= iterations; it++) {
    const lights = scene.lights.map((l) => ({ ...l, intensity: l.intensity * lightGain }));
    const view = new SceneView({ ...scene, lights, objects: scene.objects.map((o, k) => ({ ...o, color: colors[k] })), background: { ...scene.background, image: undefined } }, { ...robot, links: [] });
    view.update({ objects: Object.fromEntries(scene.objects.map((o) => [o.id, { position: o.pose.position, quaternion: o.pose.quaternion ?? [0, 0, 0, 1] }])), links: [], fingers: [parked, parked], ee: parked });
    const px = await renderer.render(view.scene as never, view.viewFrom(cameraName) as never, cam.width, cam.height);
    view.dispose();
    const sums = Array.from({ length: n }, () => [0, 0, 0, 0, 0, 0, 0]);
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i];
      if (!l) continue;
      const s = sums[l - 1];
      for (let ch = 0; ch < 3; ch++) {
        s[ch] += toLinear(px[4 * i + ch]);
        s[3 + ch] += toLinear(observed.data[4 * i + ch]);
      }
      s[6]++;
    }
    const errors = sums.map((s) => (s[6] ? Math.hypot(...[0, 1, 2].map((ch) => toSrgb(s[ch] / s[6]) - toSrgb(s[3 + ch] / s[6]))) / Math.sqrt(3) : 0));
    if (it === 0) errorBefore.push(...errors);
    errorAfter = errors;
    if (it === iterations) break;
    // Rendered = albedo x shading, so the albedo scales by observed / rendered in linear light.
    const wanted = sums.map((s, k) => {
      const albedo = [1, 3, 5].map((o) => toLinear(Number.parseInt(colors[k].slice(o, o + 2), 16)));
      return s[6] ? albedo.map((a, ch) => (a * s[3 + ch]) / Math.max(1e-4, s[ch])) : albedo;
    });
    // Only the first pass may raise the lights; later passes fine-tune albedo under fixed lights.
    const gain = it === 0 ? Math.min(MAX_LIGHT_GAIN, Math.max(1, ...wanted.flat())) : 1;
    lightGain *= gain;
    wanted.forEach((w, k) => {
      colors[k] = toHex(w.map((a) => toSrgb(Math.min(1, a / gain))));
    });
  }
  return { colors, lightGain, errorBefore, errorAfter };
}

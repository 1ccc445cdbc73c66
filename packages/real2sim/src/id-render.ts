/**
 * Silhouettes of primitives rendered with the simulator's renderer (@gauntlet/sim/render): each
 * primitive is drawn unlit in its own colour, and the colours are read back as labels. This is the
 * "render" half of render-and-compare.
 */
import type { OffscreenRenderer } from "@gauntlet/sim/render";
import { makeCamera } from "@gauntlet/sim/render";
import * as THREE from "three";
import { type CameraModel, toSceneCamera } from "./camera";
import { type Primitive, primitiveQuat } from "./primitive";

const LEVELS = [0, 128, 255];
/** Label colours: every mix of 0/128/255 except black (the background): 26 labels. */
const PALETTE: [number, number, number][] = [];
for (const r of LEVELS) for (const g of LEVELS) for (const b of LEVELS) if (r || g || b) PALETTE.push([r, g, b]);
/** The most primitives one label render can tell apart. */
export const MAX_LABELS = PALETTE.length;

function level(c: number): number {
  return c < 64 ? 0 : c < 192 ? 1 : 2;
}

/** A window of the image, pixels: render-and-compare only needs the part around the objects. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Renders label images (0 = nothing, k + 1 = prims[k]) of primitives seen by one camera. */
export class LabelRenderer {
  private readonly scene = new THREE.Scene();
  private readonly camera: THREE.PerspectiveCamera;
  private readonly lut = new Int32Array(27);
  private readonly full: { fullWidth: number; fullHeight: number; offsetX: number; offsetY: number };

  constructor(
    private readonly renderer: OffscreenRenderer,
    readonly view: CameraModel,
  ) {
    this.scene.background = new THREE.Color(0x000000);
    this.camera = makeCamera(toSceneCamera(view, "label", view.width, view.height));
    // makeCamera places the principal point with a view offset; crops shift that window.
    const v = this.camera.view;
    this.full = v ? { fullWidth: v.fullWidth, fullHeight: v.fullHeight, offsetX: v.offsetX, offsetY: v.offsetY } : { fullWidth: view.width, fullHeight: view.height, offsetX: 0, offsetY: 0 };
    PALETTE.forEach(([r, g, b], k) => {
      this.lut[9 * level(r) + 3 * level(g) + level(b)] = k + 1;
    });
  }

  /** The label image of `prims` (at most MAX_LABELS), of the whole view or of `crop`. */
  async render(prims: Primitive[], crop: Crop = { x: 0, y: 0, width: this.view.width, height: this.view.height }): Promise<Int32Array> {
    if (prims.length > MAX_LABELS) throw new Error(`LabelRenderer: at most ${MAX_LABELS} primitives, got ${prims.length}`);
    this.scene.clear();
    const meshes = prims.map((p, k) => {
      const [r, g, b] = PALETTE[k];
      const m = new THREE.Mesh(geometryOf(p), new THREE.MeshBasicMaterial({ color: new THREE.Color(`rgb(${r}, ${g}, ${b})`) }));
      m.position.set(...p.center);
      m.quaternion.set(...primitiveQuat(p));
      this.scene.add(m);
      return m;
    });
    const { width, height } = crop;
    const f = this.full;
    this.camera.setViewOffset(f.fullWidth, f.fullHeight, f.offsetX + crop.x, f.offsetY + crop.y, width, height);
    this.camera.updateProjectionMatrix();
    const px = await this.renderer.render(this.scene as never, this.camera as never, width, height);
    for (const m of meshes) {
      m.geometry.dispose();
      (m.material as THREE.Material).dispose();
    }
    const labels = new Int32Array(width * height);
    for (let i = 0; i < labels.length; i++) labels[i] = this.lut[9 * level(px[4 * i]) + 3 * level(px[4 * i + 1]) + level(px[4 * i + 2])];
    return labels;
  }
}

/** The three.js geometry the simulator uses for a primitive (cylinders along z). */
export function geometryOf(p: Primitive): THREE.BufferGeometry {
  if (p.type === "box") return new THREE.BoxGeometry(p.size[0], p.size[1], p.size[2]);
  if (p.type === "sphere") return new THREE.SphereGeometry(p.size[0], 24, 16);
  return new THREE.CylinderGeometry(p.size[0], p.size[0], p.size[1], 32).rotateX(Math.PI / 2);
}

/** Per-object IoU between rendered labels and observed labels (both 1-based, same size). */
export function labelIous(rendered: Int32Array, observed: Int32Array, count: number): number[] {
  const inter = new Float64Array(count + 1);
  const r = new Float64Array(count + 1);
  const o = new Float64Array(count + 1);
  for (let i = 0; i < rendered.length; i++) {
    const a = rendered[i];
    const b = observed[i];
    r[a]++;
    o[b]++;
    if (a === b) inter[a]++;
  }
  return Array.from({ length: count }, (_, k) => {
    const union = r[k + 1] + o[k + 1] - inter[k + 1];
    return union > 0 ? inter[k + 1] / union : 0;
  });
}

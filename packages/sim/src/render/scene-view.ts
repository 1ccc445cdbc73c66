/**
 * A three.js scene graph mirroring a simulator scene: table, objects, robot links and finger
 * pads, lights and cameras. It has no Node or browser specifics, so the same code draws
 * observations in Node and replays in a browser.
 */
import type { Pose, RgbImage, Scene, SceneCamera } from "@gauntlet/core";
import { composePose, quatRotate } from "@gauntlet/core";
import * as THREE from "three";
import type { RobotDescription } from "../robot";
import { makeProceduralTexture } from "./procedural-texture";

/** Where everything movable is, in world coordinates. */
export interface ViewPoses {
  objects: Record<string, Pose>;
  /** One pose per entry of robot.links, in order. */
  links: Pose[];
  fingers: [Pose, Pose];
  /** The tool frame, for wrist cameras. */
  ee: Pose;
}

interface Primitive {
  type: "box" | "cylinder" | "sphere";
  size: number[];
}

export class SceneView {
  readonly scene = new THREE.Scene();
  private readonly objects = new Map<string, THREE.Object3D>();
  private readonly links: THREE.Object3D[] = [];
  private readonly fingers: THREE.Object3D[] = [];
  private readonly cameras = new Map<string, { spec: SceneCamera; camera: THREE.PerspectiveCamera }>();
  private readonly table: THREE.Mesh;
  private lights: THREE.Light[] = [];
  private sky: THREE.Scene["background"];
  private readonly backdrop?: { texture: THREE.DataTexture; camera: string; table: THREE.Object3D };

  /**
   * Builds meshes for the scene's table and objects and the robot's links and finger pads.
   * `backdrop` holds the decoded pixels of `spec.background.image` (RGBA, row 0 at the top), for green-screen views.
   */
  constructor(public spec: Scene, robot: RobotDescription, backdrop?: RgbImage) {
    this.scene.background = new THREE.Color(spec.background.color);
    if (spec.background.texture) this.scene.background = makeProceduralTexture(spec.background.texture, spec.background.color, 128);
    const { table } = spec;
    const top = mesh({ type: "box", size: [table.size[0], table.size[1], 0.04] }, table.color, table.texture);
    top.position.set(table.center[0], table.center[1], table.height - 0.02);
    this.scene.add(top);
    this.table = top;
    this.sky = this.scene.background;
    if (backdrop) this.backdrop = { texture: backdropTexture(backdrop), camera: backdropCamera(spec), table: top };
    for (const obj of spec.objects) {
      const m = mesh(obj, obj.color, obj.texture);
      this.objects.set(obj.id, m);
      this.scene.add(m);
    }
    for (const link of robot.links) {
      const group = new THREE.Group();
      for (const shape of link.shapes) {
        const m = mesh(shape, shape.color);
        m.position.set(...shape.origin.xyz);
        m.rotation.set(shape.origin.rpy[0], shape.origin.rpy[1], shape.origin.rpy[2], "ZYX");
        group.add(m);
      }
      this.links.push(group);
      this.scene.add(group);
    }
    for (let i = 0; i < 2; i++) {
      const pad = mesh({ type: "box", size: robot.gripper.finger.size }, "#2b2b2b");
      this.fingers.push(pad);
      this.scene.add(pad);
    }
    this.lights = spec.lights.map(makeLight);
    this.scene.add(...this.lights);
    for (const cam of spec.cameras) this.cameras.set(cam.name, { spec: cam, camera: makeCamera(cam) });
  }

  /**
   * Re-dresses the view for another scene with the same robot and no backdrop (a perturbed one),
   * keeping every mesh it can: three.js sets each new mesh up on its first render at several ms
   * apiece, which would cost more than a whole episode's physics if every episode rebuilt the view.
   * Returns false when it cannot; the caller then builds a new view.
   */
  retarget(spec: Scene): boolean {
    if (this.backdrop || spec.background.image || spec.robot.description !== this.spec.robot.description) return false;
    const { table } = spec;
    restyle(this.table, { type: "box", size: [table.size[0], table.size[1], 0.04] }, table.color, table.texture);
    this.table.position.set(table.center[0], table.center[1], table.height - 0.02);
    // Meshes of objects the new scene lacks are hidden, not dropped, so the next scene that has them reuses them.
    for (const m of this.objects.values()) m.visible = false;
    for (const obj of spec.objects) {
      const m = this.objects.get(obj.id) as THREE.Mesh | undefined;
      if (m) restyle(m, obj, obj.color, obj.texture);
      else {
        const fresh = mesh(obj, obj.color, obj.texture);
        this.objects.set(obj.id, fresh);
        this.scene.add(fresh);
      }
      (this.objects.get(obj.id) as THREE.Object3D).visible = true;
    }
    // Lights update in place; a different set of lights would recompile every material anyway.
    if (spec.lights.length === this.lights.length && spec.lights.every((l, i) => l.type === this.spec.lights[i].type)) {
      for (const [i, l] of spec.lights.entries()) setLight(this.lights[i], l);
    } else {
      this.scene.remove(...this.lights);
      this.lights = spec.lights.map(makeLight);
      this.scene.add(...this.lights);
    }
    if (this.scene.background instanceof THREE.Texture) this.scene.background.dispose();
    this.scene.background = spec.background.texture ? makeProceduralTexture(spec.background.texture, spec.background.color, 128) : new THREE.Color(spec.background.color);
    this.sky = this.scene.background;
    this.cameras.clear();
    for (const cam of spec.cameras) this.cameras.set(cam.name, { spec: cam, camera: makeCamera(cam) });
    this.spec = spec;
    return true;
  }

  /** Moves every mesh to its pose. */
  update(poses: ViewPoses): void {
    for (const [id, pose] of Object.entries(poses.objects)) setPose(this.objects.get(id), pose);
    poses.links.forEach((p, i) => {
      setPose(this.links[i], p);
    });
    poses.fingers.forEach((p, i) => {
      setPose(this.fingers[i], p);
    });
    for (const { spec, camera } of this.cameras.values()) if (spec.mount === "wrist") aimCamera(camera, spec, poses.ee);
  }

  /**
   * The named camera, with the scene dressed for it: the real backdrop (green screen) is drawn, and the
   * table hidden if asked, only for the backdrop's own camera; every other camera sees the plain background.
   */
  viewFrom(name: string): THREE.PerspectiveCamera {
    const camera = this.camera(name);
    const real = this.backdrop?.camera === name;
    this.scene.background = real && this.backdrop ? this.backdrop.texture : this.sky;
    if (this.backdrop) this.backdrop.table.visible = !(real && this.spec.background.hideTable);
    return camera;
  }

  /** The three.js camera for a scene camera name, placed for the last update. */
  camera(name: string): THREE.PerspectiveCamera {
    const entry = this.cameras.get(name);
    if (!entry) throw new Error(`camera "${name}": not in this scene (have ${[...this.cameras.keys()].join(", ")})`);
    return entry.camera;
  }

  /** Frees GPU-side geometry and materials. */
  dispose(): void {
    this.scene.traverse((o) => {
      if (o instanceof THREE.Mesh) disposeMesh(o);
    });
    if (this.scene.background instanceof THREE.Texture) this.scene.background.dispose();
    if (this.sky instanceof THREE.Texture) this.sky.dispose();
    this.backdrop?.texture.dispose();
  }
}

/** A mesh for a primitive; a procedural texture is drawn over its colour (image-path textures are not drawn yet). */
function mesh(shape: Primitive, color: string, texture?: Scene["table"]["texture"]): THREE.Mesh {
  const m = new THREE.Mesh(geometryOf(shape));
  paint(m, color, texture);
  m.userData.shape = JSON.stringify([shape.type, shape.size]);
  return m;
}

function geometryOf(shape: Primitive): THREE.BufferGeometry {
  const [a, b, c] = shape.size;
  if (shape.type === "box") return new THREE.BoxGeometry(a, b, c);
  if (shape.type === "sphere") return new THREE.SphereGeometry(a, 24, 16);
  return new THREE.CylinderGeometry(a, a, b, 32).rotateX(Math.PI / 2); // three's cylinders run along y; ours along z
}

/**
 * Gives a mesh its colour, or its procedural texture drawn over that colour. A mesh keeps one plain
 * and one textured material and switches between them: turning a material's map on or off would
 * recompile its shader on every switch.
 */
function paint(m: THREE.Mesh, color: string, texture?: Scene["table"]["texture"]): void {
  const kind = typeof texture === "object" ? "textured" : "plain";
  const material: THREE.MeshStandardMaterial = m.userData[kind] ?? new THREE.MeshStandardMaterial({ roughness: 0.8, metalness: 0 });
  m.userData[kind] = material;
  if (typeof texture === "object") {
    material.map?.dispose();
    material.map = makeProceduralTexture(texture, color);
  } else material.color.set(color);
  m.material = material;
}

/** Updates a mesh in place: new geometry only if its shape changed, and its paint. */
function restyle(m: THREE.Mesh, shape: Primitive, color: string, texture?: Scene["table"]["texture"]): void {
  const key = JSON.stringify([shape.type, shape.size]);
  if (m.userData.shape !== key) {
    m.geometry.dispose();
    m.geometry = geometryOf(shape);
    m.userData.shape = key;
  }
  paint(m, color, texture);
}

function disposeMesh(m: THREE.Mesh): void {
  m.geometry.dispose();
  for (const material of [m.userData.plain, m.userData.textured] as (THREE.MeshStandardMaterial | undefined)[]) {
    material?.map?.dispose();
    material?.dispose();
  }
}

/** A screen-filling background texture from RGBA pixels (row 0 at the top, sRGB). */
function backdropTexture(image: RgbImage): THREE.DataTexture {
  const texture = new THREE.DataTexture(image.data, image.width, image.height, THREE.RGBAFormat);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.flipY = true;
  texture.needsUpdate = true;
  return texture;
}

/** The camera a backdrop belongs to: the named one, else the first world camera. */
function backdropCamera(spec: Scene): string {
  const name = spec.background.camera ?? spec.cameras.find((c) => c.mount === "world")?.name;
  if (!name) throw new Error("scene.background.image: expected a world camera to draw the backdrop for");
  return name;
}

function setPose(obj: THREE.Object3D | undefined, pose: Pose): void {
  if (!obj) return;
  obj.position.set(...pose.position);
  obj.quaternion.set(...pose.quaternion);
}

function makeLight(light: Scene["lights"][number]): THREE.Light {
  const l = light.type === "ambient" ? new THREE.AmbientLight() : light.type === "point" ? new THREE.PointLight() : new THREE.DirectionalLight();
  setLight(l, light);
  return l;
}

function setLight(l: THREE.Light, light: Scene["lights"][number]): void {
  l.color.set(light.color);
  l.intensity = light.intensity;
  if (light.type === "ambient") return;
  l.position.set(...(light.position ?? [0.5, -0.5, 1.5]));
  if (l instanceof THREE.DirectionalLight) l.target.position.set(...(light.target ?? [0.3, 0, 0]));
}

/** A perspective camera from a field of view, or from pinhole intrinsics via a view offset for the principal point. */
export function makeCamera(spec: SceneCamera): THREE.PerspectiveCamera {
  const { width: w, height: h } = spec;
  const camera = new THREE.PerspectiveCamera(spec.fovY, w / h, spec.near, spec.far);
  if (spec.intrinsics) {
    const { fx, fy, cx, cy } = spec.intrinsics;
    const fullW = 2 * Math.max(cx, w - cx);
    const fullH = 2 * Math.max(cy, h - cy);
    camera.fov = THREE.MathUtils.radToDeg(2 * Math.atan(fullH / 2 / fy));
    camera.aspect = (fullW * fy) / (fullH * fx);
    camera.setViewOffset(fullW, fullH, fullW / 2 - cx, fullH / 2 - cy, w, h);
  }
  camera.updateProjectionMatrix();
  if (spec.mount === "world") aimCamera(camera, spec, { position: [0, 0, 0], quaternion: [0, 0, 0, 1] });
  return camera;
}

function aimCamera(camera: THREE.PerspectiveCamera, spec: SceneCamera, mount: Pose): void {
  const eye = composePose(mount, { position: spec.position, quaternion: [0, 0, 0, 1] }).position;
  const at = composePose(mount, { position: spec.lookAt, quaternion: [0, 0, 0, 1] }).position;
  camera.up.set(...quatRotate(mount.quaternion, spec.up));
  camera.position.set(...eye);
  camera.lookAt(...at);
  camera.updateMatrixWorld();
}

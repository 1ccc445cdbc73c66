/**
 * A three.js scene graph mirroring a simulator scene: table, objects, robot links and finger
 * pads, lights and cameras. It has no Node or browser specifics, so the same code draws
 * observations in Node and replays in a browser.
 */
import type { Pose, Scene, SceneCamera } from "@gauntlet/core";
import { composePose, quatRotate } from "@gauntlet/core";
import * as THREE from "three";
import type { RobotDescription } from "../robot";

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

  /** Builds meshes for the scene's table and objects and the robot's links and finger pads. */
  constructor(readonly spec: Scene, robot: RobotDescription) {
    this.scene.background = new THREE.Color(spec.background.color);
    const { table } = spec;
    const top = mesh({ type: "box", size: [table.size[0], table.size[1], 0.04] }, table.color);
    top.position.set(table.center[0], table.center[1], table.height - 0.02);
    this.scene.add(top);
    for (const obj of spec.objects) {
      const m = mesh(obj, obj.color);
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
    for (const light of spec.lights) this.scene.add(makeLight(light));
    for (const cam of spec.cameras) this.cameras.set(cam.name, { spec: cam, camera: makeCamera(cam) });
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

  /** The three.js camera for a scene camera name, placed for the last update. */
  camera(name: string): THREE.PerspectiveCamera {
    const entry = this.cameras.get(name);
    if (!entry) throw new Error(`camera "${name}": not in this scene (have ${[...this.cameras.keys()].join(", ")})`);
    return entry.camera;
  }

  /** Frees GPU-side geometry and materials. */
  dispose(): void {
    this.scene.traverse((o) => {
      if (o instanceof THREE.Mesh) {
        o.geometry.dispose();
        (o.material as THREE.Material).dispose();
      }
    });
  }
}

function mesh(shape: Primitive, color: string): THREE.Mesh {
  const [a, b, c] = shape.size;
  let geometry: THREE.BufferGeometry;
  if (shape.type === "box") geometry = new THREE.BoxGeometry(a, b, c);
  else if (shape.type === "sphere") geometry = new THREE.SphereGeometry(a, 24, 16);
  else geometry = new THREE.CylinderGeometry(a, a, b, 32).rotateX(Math.PI / 2); // three's cylinders run along y; ours along z
  return new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color, roughness: 0.8, metalness: 0 }));
}

function setPose(obj: THREE.Object3D | undefined, pose: Pose): void {
  if (!obj) return;
  obj.position.set(...pose.position);
  obj.quaternion.set(...pose.quaternion);
}

function makeLight(light: Scene["lights"][number]): THREE.Light {
  if (light.type === "ambient") return new THREE.AmbientLight(light.color, light.intensity);
  const l = light.type === "point" ? new THREE.PointLight(light.color, light.intensity) : new THREE.DirectionalLight(light.color, light.intensity);
  l.position.set(...(light.position ?? [0.5, -0.5, 1.5]));
  if (l instanceof THREE.DirectionalLight) l.target.position.set(...(light.target ?? [0.3, 0, 0]));
  return l;
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

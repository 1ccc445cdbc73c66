/**
 * A three.js view of a simulator episode: the scene drawn by the simulator's own SceneView,
 * an orbit camera starting at the scene's first world camera, and the recorded tool path as a
 * line, so the re-simulated robot can be seen following (or leaving) what was recorded.
 */
import { quatRotate, type Scene, type Vec3 } from "@gauntlet/core";
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { type RobotDescription, SceneView, type ViewPoses } from "./sim-browser";

/** Recorded tool positions ([x, y, z] in the robot base frame) in world coordinates. */
export function toolPathInWorld(scene: Scene, states: number[][]): Vec3[] {
  const base = scene.robot.base;
  const q = base.quaternion ?? [0, 0, 0, 1];
  return states.map((s) => {
    const p = quatRotate(q, [s[0], s[1], s[2]]);
    return [p[0] + base.position[0], p[1] + base.position[1], p[2] + base.position[2]];
  });
}

export class ReplayView {
  readonly renderer: THREE.WebGLRenderer;
  private readonly view: SceneView;
  private readonly camera: THREE.PerspectiveCamera;
  private readonly controls: OrbitControls;
  private readonly marker: THREE.Mesh;
  private readonly path: Vec3[];
  private readonly resize = new ResizeObserver(() => this.fit());

  /** Builds the scene in `host` (which sizes the canvas); `toolPath` is the recorded tool path in world coordinates. */
  constructor(
    private readonly host: HTMLElement,
    scene: Scene,
    robot: RobotDescription,
    toolPath: Vec3[],
  ) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    host.append(this.renderer.domElement);
    this.view = new SceneView(scene, robot);
    this.path = toolPath;
    const line = new THREE.Line(new THREE.BufferGeometry().setFromPoints(toolPath.map((p) => new THREE.Vector3(...p))), new THREE.LineBasicMaterial({ color: 0xff8c1a }));
    this.marker = new THREE.Mesh(new THREE.SphereGeometry(0.008, 16, 12), new THREE.MeshBasicMaterial({ color: 0xff8c1a }));
    this.view.scene.add(line, this.marker);
    const first = scene.cameras.find((c) => c.mount === "world") ?? scene.cameras[0];
    this.camera = new THREE.PerspectiveCamera(50, 4 / 3, 0.01, 20);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(...first.position);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(...first.lookAt);
    this.controls.addEventListener("change", () => this.render());
    this.controls.update();
    this.resize.observe(host);
    this.fit();
  }

  /** Poses the scene at one observation: bodies from `poses`, the marker at recorded step t. */
  show(poses: ViewPoses | undefined, t: number): void {
    if (poses) this.view.update(poses);
    const p = this.path[Math.min(t, this.path.length - 1)];
    if (p) this.marker.position.set(...p);
    this.render();
  }

  render(): void {
    this.renderer.render(this.view.scene, this.camera);
  }

  dispose(): void {
    this.resize.disconnect();
    this.controls.dispose();
    this.view.dispose();
    this.renderer.dispose();
  }

  private fit(): void {
    const { clientWidth: w, clientHeight: h } = this.host;
    if (w === 0 || h === 0) return;
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.render();
  }
}

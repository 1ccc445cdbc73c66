import * as THREE from "three/webgpu";
import { createOffscreenRenderer } from "./offscreen-renderer";

/** Frames per second (render + readback) at three square resolutions. */
export interface RenderBenchResult {
  fps128: number;
  fps256: number;
  fps512: number;
}

/** A small lit tabletop-like scene: a floor, a few standard-material boxes and a directional light. */
export function makeBenchScene(): { scene: THREE.Scene; camera: THREE.PerspectiveCamera } {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x202428);
  scene.add(new THREE.AmbientLight(0xffffff, 0.3));
  const sun = new THREE.DirectionalLight(0xffffff, 2);
  sun.position.set(2, 4, 3);
  scene.add(sun);
  const floor = new THREE.Mesh(new THREE.BoxGeometry(4, 0.1, 4), new THREE.MeshStandardMaterial({ color: 0x8a7a66 }));
  floor.position.y = -0.05;
  scene.add(floor);
  const colours = [0xd04040, 0x40a040, 0x4060d0, 0xd0c040, 0xa040a0];
  colours.forEach((color, i) => {
    const box = new THREE.Mesh(
      new THREE.BoxGeometry(0.3, 0.3, 0.3),
      new THREE.MeshStandardMaterial({ color, roughness: 0.6 }),
    );
    box.position.set(-1 + i * 0.5, 0.15, (i % 2) * 0.4 - 0.2);
    box.rotation.y = i * 0.4;
    scene.add(box);
  });
  const camera = new THREE.PerspectiveCamera(50, 1, 0.05, 20);
  camera.position.set(0, 1.6, 2.4);
  camera.lookAt(0, 0, 0);
  return { scene, camera };
}

/** Time `frames` renders + readbacks per resolution (after warm-up) and report frames per second. */
export async function benchRender(frames = 300): Promise<RenderBenchResult> {
  const r = await createOffscreenRenderer({ width: 128, height: 128 });
  const { scene, camera } = makeBenchScene();
  const spinner = scene.children[scene.children.length - 1];
  const fpsAt = async (size: number): Promise<number> => {
    const out = new Uint8Array(size * size * 4);
    // Warm-up: pipeline compilation, SwiftShader routine JIT and V8 optimisation settle over ~100 frames.
    for (let i = 0; i < 100; i++) await r.render(scene, camera, size, size, out);
    const n = size >= 512 ? Math.max(20, frames >> 2) : frames;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      spinner.rotation.y += 0.01; // keep the scene changing so nothing is trivially cached
      await r.render(scene, camera, size, size, out);
    }
    return (n * 1000) / (performance.now() - t0);
  };
  try {
    const fps128 = await fpsAt(128);
    const fps256 = await fpsAt(256);
    const fps512 = await fpsAt(512);
    return { fps128, fps256, fps512 };
  } finally {
    r.dispose();
  }
}

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import * as PLAIN from "three";
import * as THREE from "three/webgpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOffscreenRenderer, type OffscreenRenderer } from "./offscreen-renderer";
import { renderBenchSceneHash } from "./render-hash.fixture";

const box = (size: number, color: THREE.ColorRepresentation, y = 0) => {
  const m = new THREE.Mesh(new THREE.BoxGeometry(size, size, size), new THREE.MeshBasicMaterial({ color }));
  m.position.y = y;
  return m;
};

/** White background; red box in the centre, green box near the top, mid-grey box near the bottom. */
function testScene(background: number) {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(background);
  scene.add(box(1, 0xff0000), box(0.5, 0x00ff00, 1.4), box(0.5, 0x808080, -1.4));
  const camera = new THREE.PerspectiveCamera(50, 1, 0.1, 100);
  camera.position.z = 5;
  return { scene, camera };
}

const pixel = (px: Uint8Array, w: number, x: number, y: number) => [...px.subarray((y * w + x) * 4, (y * w + x) * 4 + 4)];

/** Rows (0 = first row of the returned buffer) where a pixel is pure-ish green. */
function greenRows(px: Uint8Array, w: number, h: number): number[] {
  const rows: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = pixel(px, w, x, y);
      if (g > 200 && r < 50 && b < 50) {
        rows.push(y);
        break;
      }
    }
  }
  return rows;
}

describe("createOffscreenRenderer (WebGPU via Dawn)", () => {
  let r: OffscreenRenderer;
  beforeAll(async () => {
    r = await createOffscreenRenderer({ width: 64, height: 64 });
  });
  afterAll(() => r.dispose());

  it("renders colours in sRGB, the background in the corners, and row 0 at the top", async () => {
    for (const bg of [0xffffff, 0x000000]) {
      const { scene, camera } = testScene(bg);
      const px = await r.render(scene, camera);
      expect(px.length).toBe(64 * 64 * 4);
      expect(pixel(px, 64, 32, 32)).toEqual([255, 0, 0, 255]);
      const bgByte = bg ? 255 : 0;
      expect(pixel(px, 64, 0, 0)).toEqual([bgByte, bgByte, bgByte, 255]);
      expect(pixel(px, 64, 63, 63)).toEqual([bgByte, bgByte, bgByte, 255]);
      // The green box sits above the centre in world space, so it must land in the top half.
      const rows = greenRows(px, 64, 64);
      expect(rows.length).toBeGreaterThan(0);
      expect(Math.max(...rows)).toBeLessThan(32);
      // #808080 is stored linear (~0.216) by three; an sRGB target must encode it back to ~128.
      const grey = pixel(px, 64, 32, 64 - 1 - rows[0]);
      for (const c of grey.slice(0, 3)) expect(Math.abs(c - 128)).toBeLessThanOrEqual(1);
    }
  });

  it("renders 512x512 and non-square sizes with unpadded rows", async () => {
    const { scene, camera } = testScene(0xffffff);
    const big = await r.render(scene, camera, 512, 512);
    expect(big.length).toBe(512 * 512 * 4);
    expect(pixel(big, 512, 256, 256)).toEqual([255, 0, 0, 255]);
    expect(pixel(big, 512, 511, 511)).toEqual([255, 255, 255, 255]);
    // 100 * 4 bytes is not a multiple of WebGPU's 256-byte row alignment.
    camera.aspect = 100 / 60;
    camera.updateProjectionMatrix();
    const odd = await r.render(scene, camera, 100, 60);
    expect(odd.length).toBe(100 * 60 * 4);
    expect(pixel(odd, 100, 50, 30)).toEqual([255, 0, 0, 255]);
    expect(pixel(odd, 100, 2, 30)).toEqual([255, 255, 255, 255]);
  });

  it("fills a caller-provided buffer and gives identical frames on repeat", async () => {
    const { scene, camera } = testScene(0x000000);
    const out = new Uint8Array(64 * 64 * 4);
    const a = await r.render(scene, camera, 64, 64, out);
    expect(a).toBe(out);
    const b = await r.render(scene, camera);
    expect(Buffer.compare(a, b)).toBe(0);
    await expect(r.render(scene, camera, 64, 64, new Uint8Array(5))).rejects.toThrow(RangeError);
  });

  it("accepts scenes built from the plain `three` entry (classic lit materials)", async () => {
    const scene = new PLAIN.Scene();
    scene.background = new PLAIN.Color(0x000000);
    const light = new PLAIN.DirectionalLight(0xffffff, 3);
    light.position.set(0, 0, 5);
    scene.add(light, new PLAIN.Mesh(new PLAIN.BoxGeometry(1, 1, 1), new PLAIN.MeshStandardMaterial({ color: 0x3366ff })));
    const camera = new PLAIN.PerspectiveCamera(50, 1, 0.1, 100);
    camera.position.z = 5;
    const [red, green, blue] = pixel(await r.render(scene, camera), 64, 32, 32);
    expect(blue).toBeGreaterThan(100);
    expect(blue).toBeGreaterThan(red + 40);
    expect(blue).toBeGreaterThan(green);
  });

  it("is bit-identical across processes", async () => {
    const child = fileURLToPath(new URL("./render-hash.fixture.ts", import.meta.url));
    const run = promisify(execFile);
    const [{ stdout }, local] = await Promise.all([
      run(process.execPath, ["--import", "tsx", child, "96", "80"], { cwd: fileURLToPath(new URL(".", import.meta.url)) }),
      renderBenchSceneHash(96, 80),
    ]);
    expect(stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(stdout.trim()).toBe(local);
  });
});

import { readFileSync } from "node:fs";
import type { RgbImage, Scene } from "@gauntlet/core";
import { PNG } from "pngjs";

/** Decodes the scene's green-screen backdrop (`background.image`, a PNG path as loadScene resolved it) to RGBA, or undefined without one. */
export function loadBackdrop(scene: Scene): RgbImage | undefined {
  const path = scene.background.image;
  if (!path) return undefined;
  try {
    const png = PNG.sync.read(readFileSync(path));
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  } catch (err) {
    throw new Error(`scene.background.image: could not read ${path} as a PNG: ${(err as Error).message}`);
  }
}

import { readFileSync } from "node:fs";
import type { RgbImage, Scene } from "@gauntlet/core";
import { decodePng } from "./render/png";

/** Decodes the scene's green-screen backdrop (`background.image`, a PNG path as loadScene resolved it) to RGBA, or undefined without one. */
export function loadBackdrop(scene: Scene): RgbImage | undefined {
  const path = scene.background.image;
  if (!path) return undefined;
  try {
    return decodePng(readFileSync(path));
  } catch (err) {
    throw new Error(`scene.background.image: could not read ${path} as a PNG: ${(err as Error).message}`);
  }
}

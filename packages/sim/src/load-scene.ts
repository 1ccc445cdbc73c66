import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Scene, parseScene } from "@gauntlet/core";

/** Reads and validates a scene file; errors name the file and the bad field. */
export function loadScene(path: string): Scene {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  const scene = parseScene(json, `scene file ${path}`);
  if (scene.background.image) {
    // The backdrop is relative to the scene file, so a scene folder can move as a whole.
    const image = resolve(dirname(path), scene.background.image);
    if (!existsSync(image)) throw new Error(`${path}: scene.background.image: no such file ${image}`);
    scene.background.image = image;
  }
  return scene;
}

import { readFileSync } from "node:fs";
import { type Scene, parseScene } from "@gauntlet/core";

/** Reads and validates a scene file; errors name the file and the bad field. */
export function loadScene(path: string): Scene {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  return parseScene(json, `scene file ${path}`);
}

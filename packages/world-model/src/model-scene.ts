/** The scene as a world model shows it: its views' cameras at the model's frame size. */
import type { Scene } from "@gauntlet/core";
import type { ImageSpec } from "./manifest";

/**
 * The scene with the model's view cameras resized to the model's frames, so that policies that
 * read camera calibration (intrinsics from width and height) match the frames they are given.
 */
export function sceneAtModelSize(scene: Scene, manifest: { image: Pick<ImageSpec, "views" | "width" | "height"> }): Scene {
  const { views, width, height } = manifest.image;
  return { ...scene, cameras: scene.cameras.map((c) => (views.includes(c.name) ? { ...c, width, height } : c)) };
}

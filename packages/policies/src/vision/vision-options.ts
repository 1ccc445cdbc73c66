/**
 * Builds VisionPolicy options from a scene file's public parts: camera calibrations, the table
 * height, the robot base and each object's shape keyed by its colour word. Object poses are
 * left out: where things are is for the policy to see.
 */
import type { Scene } from "@gauntlet/core";
import { nearestColourWord } from "./colours";
import type { ObjectGeometry, VisionPolicyOptions } from "./vision-policy";

/** The skill knobs and name, which a scene does not say. */
export type VisionKnobs = Pick<VisionPolicyOptions, "noise" | "delay" | "gain" | "name">;

/** VisionPolicy options for a scene: its first fixed camera (or `cameraName`), first wrist camera, table and object shapes. */
export function visionOptionsFromScene(scene: Scene, knobs: VisionKnobs = {}, cameraName?: string): VisionPolicyOptions {
  const camera = cameraName ? scene.cameras.find((c) => c.name === cameraName) : scene.cameras.find((c) => c.mount === "world");
  if (!camera) {
    const names = scene.cameras.map((c) => `${c.name} (${c.mount})`).join(", ");
    throw new Error(`scene ${scene.id}: no ${cameraName ? `camera named "${cameraName}"` : "fixed (world-mounted) camera"} (have ${names})`);
  }
  if (camera.mount === "wrist") throw new Error(`scene ${scene.id}: camera "${camera.name}" is wrist-mounted; the policy needs a fixed one`);
  const objects: Record<string, ObjectGeometry> = {};
  for (const o of scene.objects) {
    const size: ObjectGeometry["size"] = o.type === "box" ? [o.size[0], o.size[1], o.size[2]] : o.type === "cylinder" ? [2 * o.size[0], 2 * o.size[0], o.size[1]] : [2 * o.size[0], 2 * o.size[0], 2 * o.size[0]];
    objects[nearestColourWord(o.color)] = { size, round: o.type !== "box" };
  }
  return {
    camera,
    wristCamera: scene.cameras.find((c) => c.mount === "wrist"),
    tableHeight: scene.table.height,
    base: { position: scene.robot.base.position, quaternion: scene.robot.base.quaternion ?? [0, 0, 0, 1] },
    objects,
    ...knobs,
  };
}

/**
 * The output: a Scene the simulator loads. Objects become dynamic primitives at their fitted
 * poses, the real camera becomes the scene's "third" camera (same intrinsics, scaled to the
 * output size), the background image becomes its green-screen backdrop, and a task is chosen
 * from the objects and the instruction so that a policy can be rolled out at once.
 */
import type { SceneInput, Vec3 } from "@gauntlet/core";
import { type CameraModel, round6, toSceneCamera } from "./camera";
import { type Primitive, primitiveQuat } from "./primitive";

/** A fitted object as it goes into the scene. */
export interface FittedObject {
  id: string;
  primitive: Primitive;
  /** #rrggbb */
  color: string;
  /** A plain colour word, e.g. "green", used in ids and instructions. */
  colourName: string;
}

/** Options of buildScene. */
export interface SceneBuildOptions {
  id: string;
  instruction?: string;
  camera: CameraModel;
  tableHeight: number;
  tableColor: string;
  /** Backdrop image path relative to the scene file. */
  backdrop?: string;
  /** Hide the simulated table behind the backdrop (the photo shows the real one). */
  hideTable?: boolean;
  /** Output camera size; default: the frame's aspect at 160 pixels wide. */
  cameraSize?: [number, number];
}

/** The task a scene gets: its type, instruction and parameters, with a note when the instruction could not be followed. */
export interface TaskChoice {
  task: SceneInput["task"];
  warnings: string[];
}

/** Objects named in the instruction by colour word, in the order they are mentioned. */
function mentioned(objects: FittedObject[], instruction: string): FittedObject[] {
  const text = instruction.toLowerCase();
  return objects
    .map((o) => ({ o, at: text.search(new RegExp(`\\b${o.colourName}\\b`)) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((m) => m.o);
}

const noun = (o: FittedObject) => (o.primitive.type === "box" ? "block" : o.primitive.type === "cylinder" ? "cylinder" : "ball");

/**
 * Stack when two objects are named (the first on the second, which must be a box) or, without an
 * instruction, the smaller object on the largest box; otherwise pick up the named or first object.
 */
export function chooseTask(objects: FittedObject[], instruction?: string): TaskChoice {
  const warnings: string[] = [];
  if (objects.length === 0) {
    warnings.push("no objects were detected: the scene is empty and its pick-lift task has nothing to lift");
    return { task: { type: "pick-lift", instruction: instruction ?? "pick up the object", params: {} }, warnings };
  }
  const named = instruction ? mentioned(objects, instruction) : [];
  if (instruction && named.length === 0) warnings.push(`the instruction names no detected object (have ${objects.map((o) => o.colourName).join(", ")}); the task uses the first object`);
  let pair: [FittedObject, FittedObject] | undefined;
  if (named.length >= 2 && named[1].primitive.type === "box") pair = [named[0], named[1]];
  else if (!instruction && objects.length >= 2) {
    const volume = (o: FittedObject) => o.primitive.size.reduce((a, b) => a * b, 1);
    const boxes = objects.filter((o) => o.primitive.type === "box").sort((a, b) => volume(b) - volume(a));
    const base = boxes[0];
    const top = base && objects.filter((o) => o !== base).sort((a, b) => volume(a) - volume(b))[0];
    if (base && top) pair = [top, base];
  }
  if (pair) {
    const [top, base] = pair;
    return {
      task: { type: "stack", instruction: instruction ?? `stack the ${top.colourName} ${noun(top)} on the ${base.colourName} ${noun(base)}`, params: { object: top.id, target: base.id }, maxSteps: 70 },
      warnings,
    };
  }
  const target = named[0] ?? objects[0];
  return { task: { type: "pick-lift", instruction: instruction ?? `pick up the ${target.colourName} ${noun(target)}`, params: { object: target.id } }, warnings };
}

/** Assembles the scene JSON (validate it with parseScene before use). */
export function buildScene(objects: FittedObject[], opts: SceneBuildOptions): { scene: SceneInput; warnings: string[] } {
  const { task, warnings } = chooseTask(objects, opts.instruction);
  const [w, h] = opts.cameraSize ?? [160, Math.max(8, Math.round((160 * opts.camera.height) / opts.camera.width))];
  // The table spans the robot's reach and every object, with a margin.
  const xs = [-0.1, 0.6, ...objects.map((o) => o.primitive.center[0])];
  const ys = [-0.4, 0.4, ...objects.map((o) => o.primitive.center[1])];
  const lo: [number, number] = [Math.min(...xs) - 0.1, Math.min(...ys) - 0.1];
  const hi: [number, number] = [Math.max(...xs) + 0.1, Math.max(...ys) + 0.1];
  const scene: SceneInput = {
    version: 1,
    id: opts.id,
    task,
    table: {
      size: round6<[number, number]>([hi[0] - lo[0], hi[1] - lo[1]]),
      center: round6<[number, number]>([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2]),
      height: Math.round(opts.tableHeight * 1e6) / 1e6,
      color: opts.tableColor,
    },
    objects: objects.map((o) => ({
      id: o.id,
      type: o.primitive.type,
      size: round6([...o.primitive.size]),
      pose: { position: round6([...o.primitive.center] as Vec3), quaternion: round6([...primitiveQuat(o.primitive)]) },
      color: o.color,
      body: "dynamic",
    })) as SceneInput["objects"],
    cameras: [
      toSceneCamera(opts.camera, "third", w, h),
      { name: "wrist", mount: "wrist", position: [-0.09, 0, 0.06], lookAt: [0.06, 0, 0], up: [0, 0, 1], width: 128, height: 128, fovY: 75 },
    ],
    ...(opts.backdrop ? { background: { color: "#d8dde3", image: opts.backdrop, camera: "third", hideTable: opts.hideTable ?? true } } : {}),
  };
  return { scene, warnings };
}

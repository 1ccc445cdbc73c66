/**
 * The Scene schema: everything the simulator needs to build a tabletop episode, as plain JSON.
 * Parsing errors name the exact field, e.g. `scene.objects[2].size[1]: expected a positive number, got -1`.
 */
import { z } from "zod";

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const positive = z.number().refine((v) => Number.isFinite(v) && v > 0, "expected a positive number");
const vec3 = z.tuple([finite, finite, finite], { error: "expected 3 numbers [x, y, z]" });
const quat = z
  .tuple([finite, finite, finite, finite], { error: "expected 4 numbers [x, y, z, w]" })
  .refine((q) => Math.abs(Math.hypot(...q) - 1) < 1e-3, "expected a unit quaternion");
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a colour like #ff8800");
const range = z
  .tuple([finite, finite], { error: "expected [low, high]" })
  .refine(([lo, hi]) => lo <= hi, "expected low <= high");

const pose = z.object({ position: vec3, quaternion: quat.optional() }).strict();

/** A procedural texture: `pattern` drawn in the surface's colour and `color`, `cells` repeats per face. */
const proceduralTexture = z
  .object({
    pattern: z.enum(["checker", "stripes", "dots", "noise"], { error: "expected pattern to be one of checker, stripes, dots, noise" }),
    color,
    cells: z.number().int().min(1).max(64).default(4),
    seed: z.number().int().min(0).default(0),
  })
  .strict();
/** An image path relative to the scene file, or a procedural texture. */
const texture = z.union([z.string().min(1), proceduralTexture], { error: "expected an image path or { pattern, color, cells, seed }" });

/** Image-level corruption applied to every rendered frame (see corruptImage); all zero is a clean camera. */
const observationCorruption = z
  .object({
    /** Standard deviation of additive Gaussian noise, as a fraction of full scale. */
    noise: z.number().min(0).max(1).default(0),
    /** Gaussian blur sigma, pixels. */
    blur: z.number().min(0).max(16).default(0),
    /** Exposure change in stops: linear intensity times 2^exposure. */
    exposure: z.number().min(-8).max(8).default(0),
  })
  .strict();

const objectCommon = {
  id: z.string().min(1, "expected a non-empty id"),
  pose,
  color: color.default("#cccccc"),
  /** Optional texture: an image path relative to the scene file, or a procedural pattern. */
  texture: texture.optional(),
  mass: positive.default(0.05),
  friction: z.number().min(0, "expected friction >= 0").default(1.0),
  restitution: z.number().min(0).max(1).default(0),
  /** dynamic: moved by physics; fixed: collides but never moves; visual: rendered only (targets, markers). */
  body: z.enum(["dynamic", "fixed", "visual"]).default("dynamic"),
};

const sceneObject = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("box"), size: z.tuple([positive, positive, positive], { error: "expected 3 positive numbers [x, y, z] (full extents, m)" }), ...objectCommon }).strict(),
    z.object({ type: z.literal("cylinder"), size: z.tuple([positive, positive], { error: "expected [radius, height] in m" }), ...objectCommon }).strict(),
    z.object({ type: z.literal("sphere"), size: z.tuple([positive], { error: "expected [radius] in m" }), ...objectCommon }).strict(),
  ],
  { error: "expected type to be one of box, cylinder, sphere" },
);

const camera = z
  .object({
    name: z.string().min(1),
    /** world: pose in the world frame; wrist: pose in the end-effector frame, moving with it. */
    mount: z.enum(["world", "wrist"]).default("world"),
    position: vec3,
    lookAt: vec3,
    up: vec3.default([0, 0, 1]),
    width: z.number().int().min(8).max(2048).default(128),
    height: z.number().int().min(8).max(2048).default(128),
    /** Vertical field of view in degrees; ignored when intrinsics are given. */
    fovY: z.number().gt(1).lt(179).default(60),
    /** Pinhole intrinsics in pixels at width x height. */
    intrinsics: z.object({ fx: positive, fy: positive, cx: finite, cy: finite }).strict().optional(),
    near: positive.default(0.01),
    far: positive.default(10),
  })
  .strict();

const light = z
  .object({
    type: z.enum(["ambient", "directional", "point"]),
    color: color.default("#ffffff"),
    intensity: z.number().min(0).default(1),
    position: vec3.optional(),
    target: vec3.optional(),
  })
  .strict();

const randomization = z
  .object({
    x: range.optional(),
    y: range.optional(),
    yaw: range.optional(),
  })
  .strict();

export const sceneSchema = z
  .object({
    version: z.literal(1, { error: "expected version 1" }),
    id: z.string().min(1),
    task: z
      .object({
        type: z.enum(["pick-lift", "push", "place", "stack"]),
        instruction: z.string().min(1),
        /** Task-specific parameters, e.g. { object: "cube", liftHeight: 0.1 }; each task documents its own. */
        params: z.record(z.string(), z.unknown()).default({}),
        /** Per-object randomisation of the initial pose, relative to the pose in the file. */
        randomize: z.record(z.string(), randomization).default({}),
        /** Minimum centre distance between randomised objects, m. */
        minSeparation: z.number().min(0).default(0.06),
        maxSteps: z.number().int().positive().default(60),
      })
      .strict(),
    table: z
      .object({
        size: z.tuple([positive, positive], { error: "expected [x, y] extents in m" }),
        center: z.tuple([finite, finite]).default([0.3, 0]),
        /** Height of the table top, m. */
        height: finite.default(0),
        color: color.default("#a0784f"),
        texture: texture.optional(),
        friction: z.number().min(0).default(1.0),
      })
      .strict(),
    robot: z
      .object({
        /** A robot description name in packages/sim/robots, or a path to one. */
        description: z.string().default("widowx-250s"),
        base: pose.default({ position: [0, 0, 0] }),
      })
      .strict()
      .default({ description: "widowx-250s", base: { position: [0, 0, 0] } }),
    objects: z.array(sceneObject),
    cameras: z.array(camera).min(1, "expected at least one camera"),
    lights: z.array(light).default([
      { type: "ambient", color: "#ffffff", intensity: 0.6 },
      { type: "directional", color: "#ffffff", intensity: 2.0, position: [0.5, -0.5, 1.5] },
    ]),
    background: z
      .object({
        color: color.default("#d8dde3"),
        /** A procedural pattern drawn behind the scene instead of the plain colour. */
        texture: proceduralTexture.optional(),
        /** Green-screen backdrop: a real photo (path relative to the scene file) drawn behind the scene for `camera`. */
        image: z.string().min(1, "expected an image path").optional(),
        /** The camera whose view `image` was taken from; other cameras see the colour. Default: the first world camera. */
        camera: z.string().min(1).optional(),
        /** Hide the simulated table for `camera` when `image` is drawn, since the photo shows the real one. */
        hideTable: z.boolean().default(false),
      })
      .strict()
      .default({ color: "#d8dde3", hideTable: false }),
    /** Image-level corruption of every camera frame; absent means clean frames. */
    observation: observationCorruption.optional(),
    physics: z
      .object({
        gravity: vec3.default([0, 0, -9.81]),
        /** Physics steps per second. */
        rateHz: z.number().int().min(60).max(2000).default(240),
        /** Policy steps per second; must divide rateHz. */
        controlHz: z.number().int().min(1).max(60).default(10),
      })
      .strict()
      .default({ gravity: [0, 0, -9.81], rateHz: 240, controlHz: 10 }),
  })
  .strict()
  .superRefine((scene, ctx) => {
    const ids = new Set<string>();
    scene.objects.forEach((o, i) => {
      if (ids.has(o.id)) ctx.addIssue({ code: "custom", path: ["objects", i, "id"], message: `duplicate object id "${o.id}"` });
      ids.add(o.id);
    });
    for (const id of Object.keys(scene.task.randomize)) {
      if (!ids.has(id)) ctx.addIssue({ code: "custom", path: ["task", "randomize", id], message: `no object with id "${id}"` });
    }
    if (scene.physics.rateHz % scene.physics.controlHz !== 0) {
      ctx.addIssue({ code: "custom", path: ["physics", "controlHz"], message: `expected a divisor of rateHz (${scene.physics.rateHz})` });
    }
    const backdropCamera = scene.background.camera;
    if (backdropCamera !== undefined && !scene.cameras.some((c) => c.name === backdropCamera && c.mount === "world")) {
      ctx.addIssue({ code: "custom", path: ["background", "camera"], message: `expected the name of a world camera, got "${backdropCamera}"` });
    }
  });

export type Scene = z.output<typeof sceneSchema>;
export type SceneInput = z.input<typeof sceneSchema>;
export type SceneObject = Scene["objects"][number];
export type SceneCamera = Scene["cameras"][number];
export type SceneLight = Scene["lights"][number];
export type ProceduralTexture = z.output<typeof proceduralTexture>;
export type ImageCorruption = z.output<typeof observationCorruption>;

/** Raised for a scene that does not match the schema; `issues` lists every problem, one per line in the message. */
export class SceneValidationError extends Error {
  constructor(readonly issues: string[], source = "scene") {
    super(`invalid ${source}:\n  ${issues.join("\n  ")}`);
    this.name = "SceneValidationError";
  }
}

/** Validates unknown JSON as a Scene, filling defaults; throws SceneValidationError naming each bad field. */
export function parseScene(json: unknown, source = "scene"): Scene {
  const result = sceneSchema.safeParse(json);
  if (result.success) return result.data;
  throw new SceneValidationError(result.error.issues.map((iss) => formatIssue(iss, json)), source);
}

function formatIssue(iss: z.core.$ZodIssue, input: unknown): string {
  const path = formatPath(iss.path);
  const message = iss.message.replace(/^Invalid input: /, "");
  if (iss.code === "unrecognized_keys" || /received|got /.test(message)) return `scene${path}: ${message}`;
  const got = valueAt(input, iss.path);
  return `scene${path}: ${message}, got ${got === undefined ? "nothing" : JSON.stringify(got)}`;
}

/** Formats a path like ["objects", 2, "size"] as `.objects[2].size`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v == null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * Robot description: a URDF-like serial chain stored as JSON in packages/sim/robots/.
 * Conventions (all lengths in metres, angles in radians, rpy = fixed-axis roll-pitch-yaw as in URDF):
 * - joints[i].origin places joint i's frame in joint i-1's frame (the base frame for i = 0);
 *   the joint then rotates about `axis` (in its own frame). Link i is the child of joint i.
 * - endEffector.origin is the tool frame in the last joint's frame; tool +x is the approach direction.
 * - shapes: box `size` = full extents [x, y, z]; cylinder `size` = [radius, length], axis along the
 *   shape's local z (URDF convention; three.js and Rapier cylinders run along y, so rotate them);
 *   sphere `size` = [radius].
 * - gripper.finger: the +y finger pad at gap 0, in the tool frame. At gap g the +y pad moves by +g/2
 *   along tool y and the -y pad is its mirror image (y -> -y).
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatPath, type Vec3 } from "@gauntlet/core";
import { z } from "zod";

const isNums = (v: unknown, n: number): boolean =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number" && Number.isFinite(x));
const nums = <T>(n: number) =>
  z.custom<T>((v) => isNums(v, n), {
    message: `expected ${n} number${n > 1 ? "s" : ""}`,
  });
const vec3 = nums<Vec3>(3);

// Defaults are factories so no two parsed descriptions share (and could co-mutate) an array.
const originSchema = z.object({ xyz: vec3, rpy: vec3.default(() => [0, 0, 0] as Vec3) });
const ORIGIN_ZERO = () => ({ xyz: [0, 0, 0] as Vec3, rpy: [0, 0, 0] as Vec3 });
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "expected a colour like #rrggbb")
  .default("#333333");

const shapeSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("box"),
    size: vec3,
    origin: originSchema.default(ORIGIN_ZERO),
    color,
  }),
  z.object({
    type: z.literal("cylinder"),
    size: nums<[number, number]>(2),
    origin: originSchema.default(ORIGIN_ZERO),
    color,
  }),
  z.object({
    type: z.literal("sphere"),
    size: nums<[number]>(1),
    origin: originSchema.default(ORIGIN_ZERO),
    color,
  }),
]);

const jointSchema = z.object({
  name: z.string().min(1),
  type: z.literal("revolute"),
  origin: originSchema,
  axis: vec3,
  limits: nums<[number, number]>(2),
});

const robotSchema = z
  .object({
    name: z.string().min(1),
    source: z.string().default(""),
    joints: z.array(jointSchema).min(1, "expected at least one joint"),
    endEffector: z.object({ origin: originSchema }),
    links: z.array(z.object({ joint: z.number().int(), shapes: z.array(shapeSchema) })).default([]),
    gripper: z.object({
      open: z.number().nonnegative(),
      closed: z.number().nonnegative(),
      finger: z.object({ size: vec3, origin: originSchema, color }),
      maxSpeed: z.number().positive(),
    }),
    home: z.array(z.number()),
  })
  .superRefine((r, ctx) => {
    // Cross-field checks zod cannot express per field; each issue names the offending path.
    const n = r.joints.length;
    const names = new Set<string>();
    r.joints.forEach((j, i) => {
      if (names.has(j.name))
        ctx.addIssue({
          code: "custom",
          path: ["joints", i, "name"],
          message: `duplicate joint name "${j.name}"`,
        });
      names.add(j.name);
      if (Math.hypot(...j.axis) < 1e-9)
        ctx.addIssue({
          code: "custom",
          path: ["joints", i, "axis"],
          message: "expected a non-zero axis",
        });
      if (!(j.limits[0] < j.limits[1]))
        ctx.addIssue({
          code: "custom",
          path: ["joints", i, "limits"],
          message: "expected lower < upper",
        });
    });
    r.links.forEach((l, i) => {
      if (l.joint < -1 || l.joint >= n)
        ctx.addIssue({
          code: "custom",
          path: ["links", i, "joint"],
          message: `expected -1 (base) or a joint index below ${n}`,
        });
    });
    if (!(r.gripper.open > r.gripper.closed))
      ctx.addIssue({
        code: "custom",
        path: ["gripper", "open"],
        message: "expected open > closed",
      });
    if (r.home.length !== n) {
      ctx.addIssue({
        code: "custom",
        path: ["home"],
        message: `expected ${n} numbers (one per joint)`,
      });
    } else {
      r.home.forEach((q, i) => {
        const [lo, hi] = r.joints[i].limits;
        if (q < lo || q > hi)
          ctx.addIssue({
            code: "custom",
            path: ["home", i],
            message: `expected a value within joint limits [${lo}, ${hi}]`,
          });
      });
    }
  });

/** A validated robot description (see the conventions at the top of this file). */
export type RobotDescription = z.output<typeof robotSchema>;
/** One joint of a RobotDescription. */
export type RobotJoint = RobotDescription["joints"][number];
/** One visual/collision primitive of a link. */
export type RobotShape = RobotDescription["links"][number]["shapes"][number];
/** A placement: translation xyz and fixed-axis roll-pitch-yaw. */
export type RobotOrigin = RobotJoint["origin"];


/** Validates a parsed JSON value; throws an Error listing every bad field as `robot.x.y: message`. */
export function parseRobotDescription(json: unknown, source = "robot description"): RobotDescription {
  const result = robotSchema.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  robot${formatPath(i.path)}: ${i.message}`);
  throw new Error(`invalid ${source}:\n${lines.join("\n")}`);
}

/** Directory of the bundled robot files (packages/sim/robots). */
export const ROBOTS_DIR = fileURLToPath(new URL("../../robots/", import.meta.url));

/** Loads a robot by bare name (packages/sim/robots/<name>.json) or by path to a JSON file. */
export function loadRobotDescription(nameOrPath: string): RobotDescription {
  const isPath = /[\\/]/.test(nameOrPath) || nameOrPath.endsWith(".json");
  const file = isPath ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath)) : resolve(ROBOTS_DIR, `${nameOrPath}.json`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`robot "${nameOrPath}": cannot read ${file} (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`robot "${nameOrPath}": ${file} is not valid JSON (${(e as Error).message})`);
  }
  return parseRobotDescription(json, `robot description ${file}`);
}

/** The registry of perturbation axes, in report order. */
import type { PerturbationAxis } from "./axis";
import { backgroundAxis } from "./axes/background";
import { cameraPoseAxis } from "./axes/camera-pose";
import { distractorsAxis } from "./axes/distractors";
import { imageCorruptionAxis } from "./axes/image-corruption";
import { lightingAxis } from "./axes/lighting";
import { objectAppearanceAxis } from "./axes/object-appearance";
import { objectPoseAxis } from "./axes/object-pose";
import { objectScaleAxis } from "./axes/object-scale";
import { physicsAxis } from "./axes/physics";
import { tableTextureAxis } from "./axes/table-texture";

/** Every axis, by name. */
export const AXES: readonly PerturbationAxis[] = [
  objectPoseAxis,
  objectAppearanceAxis,
  tableTextureAxis,
  backgroundAxis,
  lightingAxis,
  cameraPoseAxis,
  distractorsAxis,
  objectScaleAxis,
  physicsAxis,
  imageCorruptionAxis,
];

/** The axis with this name; the error lists the known ones. */
export function getAxis(name: string): PerturbationAxis {
  const axis = AXES.find((a) => a.name === name);
  if (!axis) throw new Error(`unknown perturbation axis "${name}"; expected one of ${AXES.map((a) => a.name).join(", ")}`);
  return axis;
}

/** Parses an axis list: "all", or comma-separated names. */
export function parseAxes(spec: string | readonly string[]): PerturbationAxis[] {
  const names = typeof spec === "string" ? spec.split(",").map((s) => s.trim()).filter(Boolean) : [...spec];
  if (names.length === 1 && names[0] === "all") return [...AXES];
  if (names.length === 0) throw new Error(`axes: expected "all" or some of ${AXES.map((a) => a.name).join(", ")}`);
  return names.map(getAxis);
}

/** Parses a level list: "0-3", "0,2,3" or a single level. */
export function parseLevels(spec: string): number[] {
  const levels = new Set<number>();
  for (const part of spec.split(",").map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`levels: expected e.g. "0-3" or "0,2,3", got "${spec}"`);
    const [lo, hi] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (hi < lo) throw new Error(`levels: "${part}" runs backwards`);
    for (let l = lo; l <= hi; l++) levels.add(l);
  }
  return [...levels].sort((a, b) => a - b);
}

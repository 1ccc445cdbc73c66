/** The shape of a perturbation axis: a pure, seeded function of a scene and a severity level. */
import type { Rng, Scene } from "@gauntlet/core";

/** Severity levels run from 0 (nominal, the scene unchanged) to MAX_LEVEL. */
export const MAX_LEVEL = 3;

export interface PerturbationAxis {
  /** Registry name, e.g. "lighting"; used in job ids, so letters, digits and '-' only. */
  name: string;
  /** One line: what the axis changes. */
  description: string;
  /** What each level means, index 0 being nominal; as many entries as levels. */
  levels: string[];
  /** Scene paths (as formatPath writes them) that the axis may change; anything else is a bug. */
  touches: RegExp[];
  /** The perturbation: a new scene, the input untouched; level 0 returns the input as is. */
  apply(scene: Scene, rng: Rng, level: number): Scene;
}

/** A deep copy of a scene, for axes to edit freely. */
export function cloneScene(scene: Scene): Scene {
  return structuredClone(scene);
}

/** Checks a level against an axis's range; errors name the axis and the range. */
export function checkLevel(axis: Pick<PerturbationAxis, "name" | "levels">, level: number): void {
  if (!Number.isInteger(level) || level < 0 || level >= axis.levels.length) {
    throw new Error(`perturbation ${axis.name}: level must be an integer 0..${axis.levels.length - 1}, got ${level}`);
  }
}

/** Builds an axis from a per-level magnitude table: `perturb` runs only for levels above 0, on a copy. */
export function defineAxis<M>(spec: Omit<PerturbationAxis, "apply" | "levels"> & { levels: [string, M][]; perturb(scene: Scene, rng: Rng, magnitude: M, level: number): void }): PerturbationAxis {
  const axis: PerturbationAxis = {
    name: spec.name,
    description: spec.description,
    levels: spec.levels.map(([label]) => label),
    touches: spec.touches,
    apply(scene, rng, level) {
      checkLevel(axis, level);
      if (level === 0) return scene;
      const out = cloneScene(scene);
      spec.perturb(out, rng, spec.levels[level][1], level);
      return out;
    },
  };
  return axis;
}

/** Uniform in [-a, a]. */
export function symmetric(rng: Rng, a: number): number {
  return rng.uniform(-a, a);
}

/** Log-uniform factor in [1/k, k]. */
export function logFactor(rng: Rng, k: number): number {
  return Math.exp(rng.uniform(-Math.log(k), Math.log(k)));
}

/** Picks one element. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(0, items.length - 1)];
}

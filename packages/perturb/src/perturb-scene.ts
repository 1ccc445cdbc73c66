/**
 * Applies one axis at one level to a nominal scene, checks the result, and resamples (a bounded
 * number of times) until the perturbation adds no violation; otherwise it rejects with the reasons.
 */
import type { EpisodePerturbation, Scene } from "@gauntlet/core";
import { hashString, makeRng } from "@gauntlet/core";
import type { PerturbationAxis } from "./axis";
import { getAxis } from "./registry";
import { diffScenes } from "./scene-diff";
import { sceneViolations, type Violation } from "./validity";

/** Draws tried before a perturbation is rejected. */
export const MAX_ATTEMPTS = 20;

export interface PerturbedScene {
  /** The perturbed scene, with id `<nominal id>.<axis>-<level>` (the nominal scene itself at level 0). */
  scene: Scene;
  /** What to record on the episode. */
  perturbation: EpisodePerturbation;
  /** Draws it took (1 when the first was valid). */
  attempts: number;
}

/** Raised when every draw of a perturbation broke the scene; `reasons` are the last draw's violations. */
export class PerturbationRejectedError extends Error {
  constructor(readonly axis: string, readonly level: number, readonly seed: number, readonly reasons: string[]) {
    super(`perturbation ${axis} level ${level} (seed ${seed}) rejected after ${MAX_ATTEMPTS} draws: ${reasons.join("; ")}`);
    this.name = "PerturbationRejectedError";
  }
}

/**
 * The seed of an episode's perturbation: every policy sees the same perturbed scene for the same
 * episode seed. It leaves the level out on purpose: an episode's draws then share their direction
 * across levels and only grow in size, which makes success-versus-severity curves less noisy.
 */
export function perturbationSeed(episodeSeed: number, axis: string): number {
  return (episodeSeed ^ hashString(`perturb/${axis}`)) >>> 0;
}

/** The id of a perturbed scene: episodes on it never pair with nominal ones by scene id. */
export function perturbedSceneId(sceneId: string, axis: string, level: number): string {
  return level === 0 ? sceneId : `${sceneId}.${axis}-${level}`;
}

/** Perturbs `nominal` along `axis` at `level` with the draw `seed`; throws PerturbationRejectedError if no valid draw is found. */
export function perturbScene(nominal: Scene, axis: PerturbationAxis | string, level: number, seed: number): PerturbedScene {
  const ax = typeof axis === "string" ? getAxis(axis) : axis;
  if (level === 0) {
    ax.apply(nominal, makeRng(seed), 0); // checks the axis accepts level 0
    return { scene: nominal, perturbation: { axis: ax.name, level, seed, settings: [] }, attempts: 1 };
  }
  const known = nominalKeys(nominal);
  let last: Violation[] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rng = attempt === 0 ? makeRng(seed) : makeRng(seed).fork(`attempt-${attempt}`);
    const candidate = { ...ax.apply(nominal, rng, level), id: perturbedSceneId(nominal.id, ax.name, level) };
    last = sceneViolations(candidate).filter((v) => !known.has(v.key));
    if (last.length === 0) {
      const settings = diffScenes(nominal, candidate).filter((c) => c.path !== ".id");
      return { scene: candidate, perturbation: { axis: ax.name, level, seed, settings }, attempts: attempt + 1 };
    }
  }
  throw new PerturbationRejectedError(ax.name, level, seed, last.map((v) => v.message));
}

const nominalViolations = new WeakMap<Scene, Set<string>>();

/** Violation keys of the nominal scene, computed once per scene object. */
function nominalKeys(scene: Scene): Set<string> {
  const known = nominalViolations.get(scene);
  if (known) return known;
  const keys = new Set(sceneViolations(scene).map((v) => v.key));
  nominalViolations.set(scene, keys);
  return keys;
}

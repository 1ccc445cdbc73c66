/** The record of one episode: what was done, what happened, and where its video lies. */
export interface EpisodeCameraFrames {
  camera: string;
  width: number;
  height: number;
  /** Video file, relative to the record's folder. */
  video?: string;
  /** SHA-256 (hex, first 16 chars) of each frame's RGBA bytes, for determinism checks. */
  hashes: string[];
}

export type EpisodeStatus = "success" | "failure" | "errored";

/** How an episode's scene was perturbed from the nominal one (packages/perturb); absent for nominal episodes. */
export interface EpisodePerturbation {
  /** The registry name of the axis, e.g. "lighting". */
  axis: string;
  /** Severity: 0 is nominal, higher is harder. */
  level: number;
  /** The seed of the perturbation's draw. */
  seed: number;
  /** What changed, as scene paths with their nominal and perturbed values. */
  settings: { path: string; from?: unknown; to?: unknown }[];
}

export interface EpisodeRecord {
  version: 1;
  id: string;
  envId: string;
  backend: "sim" | "world-model";
  sceneId: string;
  task: string;
  instruction: string;
  policy: string;
  seed: number;
  /** errored: the episode could not be completed (e.g. a policy server died); it is excluded from statistics. */
  status: EpisodeStatus;
  success: boolean;
  steps: number;
  /** One row per step t: the action applied at t. */
  actions: number[][];
  /** One row per observation: the state before step 0, then after each step (steps + 1 rows). */
  states: number[][];
  /** Per observation, like states. */
  successes: boolean[];
  progress: number[];
  rewards: number[];
  frames: EpisodeCameraFrames[];
  terminated: boolean;
  truncated: boolean;
  error?: string;
  /** Set when the episode ran on a perturbed scene; `sceneId` then names the perturbed scene. */
  perturbation?: EpisodePerturbation;
  wallMs: number;
}

/** The success verdict of a finished record: any success along the way counts, as in SIMPLER's "success at any step". */
export function episodeSucceeded(record: Pick<EpisodeRecord, "successes">): boolean {
  return record.successes.some(Boolean);
}

/** What identifies an episode, before anything has happened in it. */
export type EpisodeIdentity = Pick<EpisodeRecord, "id" | "envId" | "backend" | "sceneId" | "task" | "instruction" | "policy" | "seed" | "perturbation">;

/** A record with no steps yet: the starting point of a rollout, or the whole record of an errored one. */
export function emptyEpisodeRecord(identity: EpisodeIdentity, status: EpisodeStatus = "failure"): EpisodeRecord {
  return {
    version: 1,
    ...identity,
    status,
    success: false,
    steps: 0,
    actions: [],
    states: [],
    successes: [],
    progress: [],
    rewards: [],
    frames: [],
    terminated: false,
    truncated: false,
    wallMs: 0,
  };
}

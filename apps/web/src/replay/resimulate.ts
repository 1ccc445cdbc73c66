/**
 * Re-runs a simulator episode from its scene, seed and recorded actions, keeping the pose of
 * every body after each control step. Episode records hold only the robot's own state (tool pose
 * and gripper), so this is how a replay gets the objects: the simulator is deterministic, and the
 * re-run is checked against the recorded states rather than trusted.
 */
import { EE_DELTA_ACTION_SPEC, makeRng, type Scene, validateAction } from "@gauntlet/core";
import { makeTask, SimWorld, type ViewPoses, loadRapier } from "./sim-browser";

export interface Resimulation {
  /** Poses of everything drawn, one per observation (steps + 1). */
  poses: ViewPoses[];
  /** Re-simulated robot state per observation, as in the record. */
  states: number[][];
  successes: boolean[];
}

export interface ReplayAgreement {
  /** Largest distance between recorded and re-simulated tool positions, m. */
  maxToolError: number;
  /** First observation whose tool position differs by more than the tolerance, or null. */
  divergedAt: number | null;
  /** Observations whose success verdicts differ. */
  successMismatches: number;
}

/** Tool positions further apart than this (m) mean the re-run no longer follows the record. */
export const REPLAY_TOLERANCE_M = 0.002;

/** Re-simulates an episode: reset with the seed, then apply each recorded action. */
export async function resimulate(scene: Scene, seed: number, actions: number[][]): Promise<Resimulation> {
  const world = new SimWorld(await loadRapier(), scene);
  const task = makeTask(scene);
  try {
    world.reset(makeRng(seed).fork("episode"));
    const out: Resimulation = { poses: [], states: [], successes: [] };
    const observe = () => {
      out.poses.push(structuredClone(world.viewPoses()));
      out.states.push(Array.from(world.proprioception()));
      out.successes.push(task.evaluate(world.state()).success);
    };
    observe();
    actions.forEach((action, t) => {
      try {
        world.applyAction(validateAction(action, EE_DELTA_ACTION_SPEC));
      } catch (err) {
        throw new Error(`actions[${t}]: ${(err as Error).message}`);
      }
      observe();
    });
    return out;
  } finally {
    world.free();
  }
}

/** How closely a re-run follows the recorded states (tool position) and success verdicts. */
export function compareToRecord(recorded: { states: number[][]; successes: boolean[] }, rerun: { states: number[][]; successes: boolean[] }, tolerance = REPLAY_TOLERANCE_M): ReplayAgreement {
  let maxToolError = 0;
  let divergedAt: number | null = null;
  const n = Math.min(recorded.states.length, rerun.states.length);
  for (let t = 0; t < n; t++) {
    const [a, b] = [recorded.states[t], rerun.states[t]];
    const err = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    maxToolError = Math.max(maxToolError, err);
    if (divergedAt === null && err > tolerance) divergedAt = t;
  }
  if (divergedAt === null && recorded.states.length !== rerun.states.length) divergedAt = n;
  let successMismatches = 0;
  for (let t = 0; t < Math.min(recorded.successes.length, rerun.successes.length); t++) if (recorded.successes[t] !== rerun.successes[t]) successMismatches++;
  return { maxToolError, divergedAt, successMismatches };
}

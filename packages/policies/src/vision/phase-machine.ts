/**
 * The vision policy's plans are lists of phases, in the manner of the simulator's oracle, but
 * each phase reads a belief built from perception and proprioception instead of the true state.
 */
import type { Pose, Vec3 } from "@gauntlet/core";
import type { ServoGoal } from "@gauntlet/core";
import type { ObjectEstimate } from "./tracker";

/** What the policy believes about the world at one step. */
export interface Belief {
  /** Tool pose in the world. */
  ee: Pose;
  /** Yaw of the top-down tool. */
  toolYaw: number;
  /** Observed finger opening, 0 = closed, 1 = open. */
  gripper: number;
  /** The fingers have stopped part-way closed: something is between them. */
  held: boolean;
  /** The object to act on, once seen. */
  object: ObjectEstimate;
  /** The target, for tasks that have one, once seen. */
  target: ObjectEstimate | null;
}

/** What a plan knows about the scene's geometry (a per-task config, not perception). */
export interface PlanGeometry {
  /** Full extents [x, y, z] of the object and the target, m. */
  objectSize: Vec3;
  targetSize?: Vec3;
  /** The target is round (a plate or a disc): any yaw fits it. */
  targetRound?: boolean;
  /** Lowest height the tool can go, world z. */
  toolFloor: number;
}

export interface Phase {
  name: string;
  /** The phase to go to when this one is done: a name, a choice from the belief, or the next in the list. */
  next?: string | ((b: Belief) => string);
  goal(b: Belief): ServoGoal;
  done(b: Belief, stepsInPhase: number): boolean;
  /** The object stays put in this phase (the fingers are about it), so perception must not move its estimate. */
  freezeObject?: boolean;
  /** The tool touches the object in this phase, so close-up views of it are partial by nature. */
  touching?: boolean;
}

/** Steps through a plan's phases. */
export class PhaseMachine {
  private index = 0;
  private steps = 0;

  constructor(private readonly phases: Phase[]) {
    if (phases.length === 0) throw new Error("PhaseMachine: expected at least one phase");
  }

  /** The current phase. */
  get phase(): Phase {
    return this.phases[this.index];
  }

  /** Advances past finished phases, then returns the goal of the current one. */
  step(b: Belief): ServoGoal {
    for (let hops = 0; hops < this.phases.length && this.phase.done(b, this.steps); hops++) {
      const { next } = this.phase;
      const name = typeof next === "function" ? next(b) : next;
      const found = name ? this.phases.findIndex((p) => p.name === name) : -1;
      if (name && found < 0) throw new Error(`phase "${this.phase.name}": no phase named "${name}"`);
      this.index = name ? found : Math.min(this.index + 1, this.phases.length - 1);
      this.steps = 0;
    }
    this.steps++;
    return this.phase.goal(b);
  }
}

/** Whether the tool is within `tolerance` of a position, m. */
export function reached(b: Belief, position: Vec3, tolerance: number): boolean {
  return Math.hypot(...[0, 1, 2].map((i) => position[i] - b.ee.position[i])) <= tolerance;
}

/** The yaw of a square face nearest to `reference`, folding the 90° symmetry. */
export function nearestFaceYaw(yaw: number, reference: number): number {
  let a = yaw;
  while (a - reference > Math.PI / 4) a -= Math.PI / 2;
  while (a - reference < -Math.PI / 4) a += Math.PI / 2;
  return a;
}

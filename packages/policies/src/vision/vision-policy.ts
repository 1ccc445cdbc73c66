/**
 * VisionPolicy: a scripted baseline that acts on observations only. It reads the colours named
 * in the instruction, finds those objects in the fixed camera (and the wrist camera, when there
 * is one) by colour segmentation and back-projection through the known calibration, tells
 * "holding" from the finger opening, and servos through a phase plan for the four tabletop
 * skills. Its skill knobs make a ladder of weaker policies for ranking experiments.
 */
import type { ActionChunk, EnvSpec, Observation, Policy, Pose, Rng, SceneCamera, Vec3 } from "@gauntlet/core";
import { composePose, makeRng, quatFromEuler } from "@gauntlet/core";
import { COLOURS } from "./colours";
import { graspPlan } from "./grasp-plan";
import { parseInstruction, type ObjectRef, type TaskIntent } from "./instruction";
import { type Belief, PhaseMachine } from "./phase-machine";
import { makePinholeCamera, type PinholeCamera } from "./pinhole";
import { pushPlan } from "./push-plan";
import { servoAction, toolYaw } from "@gauntlet/core";
import { ObjectTracker, type View } from "./tracker";

/** Shape knowledge about an object, as a per-task config would give it. */
export interface ObjectGeometry {
  /** Full extents [x, y, z], m. */
  size: Vec3;
  /** A cylinder (plate, disc) rather than a box. */
  round?: boolean;
}

export interface VisionPolicyOptions {
  /** Calibration of the fixed camera to see the table with (a scene camera entry). */
  camera: SceneCamera;
  /** Calibration of a wrist camera, used for close-range refinement when its images arrive. */
  wristCamera?: SceneCamera;
  /** World z of the table top (default 0). */
  tableHeight?: number;
  /** Object shapes by colour word; unknown ones are taken to be 4 cm cubes, or flat 10 cm discs if named plate, target or disc. */
  objects?: Record<string, ObjectGeometry>;
  /** The robot base in the world; states and actions are in its frame (default: the world frame). */
  base?: Pose;
  /** Lowest tool height, world z (default: table + 1.6 cm, the fingertips' clearance). */
  toolFloor?: number;
  /** Workspace region that perception searches, world xy (default x 0.05..0.55, y -0.35..0.35). */
  region?: { x: [number, number]; y: [number, number] };
  /** Gaussian action noise, std as a fraction of each limit (default 0). */
  noise?: number;
  /** Act on the observation from this many steps ago (default 0). */
  delay?: number;
  /** Servo gain and fraction of the step limit used, in (0, 1] (default 1). */
  gain?: number;
  name?: string;
}

const ROUND_NOUNS = new Set(["plate", "target", "disc"]);
const IDENTITY: Pose = { position: [0, 0, 0], quaternion: [0, 0, 0, 1] };

export class VisionPolicy implements Policy {
  readonly name: string;
  private readonly base: Pose;
  private readonly fixedCamera: PinholeCamera;
  private rng?: Rng;
  private history: Observation[] = [];
  private lastGripper = 1;
  private intent?: TaskIntent;
  private plan?: PhaseMachine;
  private object?: ObjectTracker;
  private target?: ObjectTracker;

  /** Builds the policy; knobs out of range are an error. */
  constructor(private readonly opts: VisionPolicyOptions) {
    const { noise = 0, delay = 0, gain = 1 } = opts;
    if (!(noise >= 0)) throw new Error(`noise: expected a number >= 0, got ${noise}`);
    if (!Number.isInteger(delay) || delay < 0) throw new Error(`delay: expected an integer >= 0, got ${delay}`);
    if (!(gain > 0 && gain <= 1)) throw new Error(`gain: expected a number in (0, 1], got ${gain}`);
    if (opts.camera.mount === "wrist") throw new Error(`camera "${opts.camera.name}": expected a fixed camera; pass wrist cameras as wristCamera`);
    this.base = opts.base ?? IDENTITY;
    this.fixedCamera = makePinholeCamera(opts.camera);
    const knobs = [noise && `noise${noise}`, delay && `delay${delay}`, gain !== 1 && `gain${gain}`].filter(Boolean);
    this.name = opts.name ?? ["vision", ...knobs].join("-");
  }

  async reset({ seed }: { seed: number; spec?: EnvSpec }): Promise<void> {
    this.rng = makeRng(seed).fork("vision-noise");
    this.history = [];
    this.lastGripper = 1;
    this.intent = undefined;
    this.plan = undefined;
    this.object = undefined;
    this.target = undefined;
  }

  async act(latest: Observation): Promise<ActionChunk> {
    const rng = this.rng;
    if (!rng) throw new Error(`${this.name}: call reset before act`);
    const delay = this.opts.delay ?? 0;
    this.history.push(latest);
    if (this.history.length > delay + 1) this.history.shift();
    const obs = this.history[0];
    this.intent ??= parseInstruction(obs.instruction);
    const s = obs.state;
    const ee = composePose(this.base, { position: [s[0], s[1], s[2]], quaternion: quatFromEuler(s[3], s[4], s[5]) });
    const gripper = s[6];
    // Fingers that stopped part-way while closing are closed on something.
    const held = gripper > 0.1 && gripper < 0.9 && Math.abs(gripper - this.lastGripper) < 0.015;
    this.lastGripper = gripper;
    const plan = this.ensurePlan(this.intent);
    const fixed = obs.images[this.opts.camera.name];
    if (!fixed) throw new Error(`observation: no image from camera "${this.opts.camera.name}" (have ${Object.keys(obs.images).join(", ") || "none"})`);
    const wristImage = this.opts.wristCamera && obs.images[this.opts.wristCamera.name];
    const fixedView: View = { image: fixed, camera: this.fixedCamera };
    const wristView = wristImage && this.opts.wristCamera ? { image: wristImage, camera: makePinholeCamera(this.opts.wristCamera, ee) } : undefined;
    if (!held && !plan.phase.freezeObject) this.object?.update(fixedView, wristView, plan.phase.touching);
    this.target?.update(fixedView, wristView);
    const object = this.object?.estimate;
    const target = this.target ? this.target.estimate : null;
    if (!object || (this.target && !target)) return [[0, 0, 0, 0, 0, 0, 1]]; // nothing seen yet: wait
    const belief: Belief = { ee, toolYaw: toolYaw(ee.quaternion), gripper, held, object, target };
    const goal = plan.step(belief);
    return [servoAction(ee, goal, this.base, { gain: this.opts.gain ?? 1, noise: this.opts.noise ?? 0, rng })];
  }

  /** The name of the current phase, for debugging and tests. */
  currentPhase(): string {
    return this.plan?.phase.name ?? "none";
  }

  private ensurePlan(intent: TaskIntent): PhaseMachine {
    if (this.plan) return this.plan;
    const tableZ = this.opts.tableHeight ?? 0;
    const region = this.opts.region ?? { x: [0.05, 0.55], y: [-0.35, 0.35] };
    const inRegion = (x: number, y: number) => x >= region.x[0] && x <= region.x[1] && y >= region.y[0] && y <= region.y[1];
    const objectGeo = this.geometry(intent.object);
    const targetGeo = intent.target && this.geometry(intent.target);
    const tracker = (ref: ObjectRef, geo: ObjectGeometry) => new ObjectTracker({ colour: COLOURS[ref.colour], size: geo.size, round: geo.round, tableZ, inRegion });
    this.object = tracker(intent.object, objectGeo);
    this.target = intent.target && targetGeo ? tracker(intent.target, targetGeo) : undefined;
    const geo = { objectSize: objectGeo.size, targetSize: targetGeo?.size, targetRound: targetGeo?.round, toolFloor: this.opts.toolFloor ?? tableZ + 0.016 };
    this.plan = new PhaseMachine(intent.kind === "push" ? pushPlan(geo) : graspPlan(intent.kind, geo));
    return this.plan;
  }

  private geometry(ref: ObjectRef): ObjectGeometry {
    const known = this.opts.objects?.[ref.colour];
    if (known) return known;
    return ROUND_NOUNS.has(ref.noun) ? { size: [0.1, 0.1, 0.01], round: true } : { size: [0.04, 0.04, 0.04] };
  }
}

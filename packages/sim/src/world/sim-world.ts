/**
 * The dynamics source of the simulator: a Rapier world with the scene's objects, the arm
 * driven by end-effector delta commands through inverse kinematics, and the grasp latch.
 * It knows nothing of tasks or rendering.
 */
import type RAPIER from "@dimforge/rapier3d-compat";
import type { Pose, Rng, Scene } from "@gauntlet/core";
import { composePose, invertPose, quatFromEuler, quatMultiply, quatToEuler } from "@gauntlet/core";
import { type KinematicChain, compileChain, eePose, loadRobotDescription, solveIk } from "../robot";
import type { SimState } from "../tasks";
import { initializeEpisode } from "../tasks/initialize-episode";
import type { ViewPoses } from "../render/scene-view";
import { type ArmBodies, createArmBodies, poseArm } from "./arm";
import { type SceneBodies, bodyPose, buildWorld } from "./build-world";
import { type Grip, objectBetweenFingers, weld } from "./grasp";
import type { Rapier } from "./rapier";

/**
 * Reachable box for the tool frame, in the robot base frame. Commands that leave it are clipped
 * to it, so a policy cannot drive the fingers through the table or out of reach.
 */
export const WORKSPACE = { x: [0.1, 0.45], y: [-0.3, 0.3], z: [0.0, 0.3] } as const;
const FINGER_CLEARANCE = 0.003;

export class SimWorld {
  readonly chain: KinematicChain;
  private bodies!: SceneBodies;
  private arm!: ArmBodies;
  private q!: number[];
  private gap = 0;
  private grip: Grip | null = null;
  private target!: Pose;
  private initial: Record<string, Pose> = {};
  private readonly base: Pose;
  private readonly zMin: number;

  constructor(readonly R: Rapier, readonly scene: Scene) {
    this.chain = compileChain(loadRobotDescription(scene.robot.description));
    this.base = { position: scene.robot.base.position, quaternion: scene.robot.base.quaternion ?? [0, 0, 0, 1] };
    const pad = this.chain.robot.gripper.finger;
    const tipBelowTool = pad.origin.xyz[0] + pad.size[0] / 2;
    this.zMin = Math.max(WORKSPACE.z[0], scene.table.height - this.base.position[2] + tipBelowTool + FINGER_CLEARANCE);
  }

  /** Rebuilds the world for a new episode: objects placed by the task's randomisation, arm at home, gripper open. */
  reset(rng: Rng): void {
    this.bodies?.world.free();
    this.initial = initializeEpisode(this.scene, rng);
    this.bodies = buildWorld(this.R, this.scene, this.initial);
    this.q = [...this.chain.robot.home];
    this.gap = this.chain.robot.gripper.open;
    this.grip = null;
    this.arm = createArmBodies(this.R, this.bodies.world, this.chain, this.base, this.q, this.gap);
    this.target = composePose(invertPose(this.base), this.toolPose());
  }

  /** Applies one validated ee-delta action over one control period of physics steps. */
  applyAction(action: Float32Array): void {
    const t = this.target;
    const position = t.position.map((v, i) => v + action[i]) as Pose["position"];
    position[0] = clamp(position[0], WORKSPACE.x);
    position[1] = clamp(position[1], WORKSPACE.y);
    position[2] = clamp(position[2], [this.zMin, WORKSPACE.z[1]]);
    const quaternion = quatMultiply(quatFromEuler(action[3], action[4], action[5]), t.quaternion);
    this.target = { position, quaternion };
    const ik = solveIk(this.chain, this.target, this.q, { restarts: 0, maxIterations: 60 });
    const { open, closed, maxSpeed } = this.chain.robot.gripper;
    const wantGap = closed + action[6] * (open - closed);
    const substeps = this.scene.physics.rateHz / this.scene.physics.controlHz;
    const dt = 1 / this.scene.physics.rateHz;
    const from = this.q;
    for (let k = 1; k <= substeps; k++) {
      const q = from.map((v, i) => v + ((ik.q[i] - v) * k) / substeps);
      this.updateGrip(wantGap);
      const gapTarget = this.grip ? this.grip.gap : wantGap;
      this.gap += clamp(gapTarget - this.gap, [-maxSpeed * dt, maxSpeed * dt]);
      poseArm(this.arm, this.chain, this.base, q, this.gap);
      this.bodies.world.step();
      this.q = q;
    }
  }

  /** Advances the physics `n` steps with the arm holding still. */
  stepPhysics(n: number): void {
    for (let i = 0; i < n; i++) this.bodies.world.step();
  }

  private updateGrip(wantGap: number): void {
    if (this.grip && wantGap > this.gap + 1e-4) {
      this.bodies.world.removeImpulseJoint(this.grip.joint, true);
      this.grip = null;
    }
    if (!this.grip && wantGap < this.gap) {
      const id = objectBetweenFingers(this.bodies.world, this.arm, this.bodies.colliderOwner, this.bodies.bodies);
      if (id) {
        const body = this.bodies.bodies.get(id) as RAPIER.RigidBody;
        // Hold the pads just off the object so the weld, not pad contacts, carries it.
        this.grip = { objectId: id, joint: weld(this.R, this.bodies.world, this.arm.hand, body), gap: this.gap + 0.002 };
      }
    }
  }

  /** The privileged true state, for success predicates and oracles. */
  state(): SimState {
    const objects: Record<string, Pose> = {};
    for (const obj of this.scene.objects) {
      const body = this.bodies.bodies.get(obj.id);
      objects[obj.id] = body ? bodyPose(body) : this.initial[obj.id];
    }
    return { objects, initial: this.initial, ee: this.toolPose(), gripperGap: this.gap, grasped: this.grip?.objectId ?? null, base: this.base, toolFloor: this.base.position[2] + this.zMin };
  }

  /** [x, y, z, roll, pitch, yaw, gripper] of the tool in the robot base frame; gripper 1 = open. */
  proprioception(): Float32Array {
    const ee = composePose(invertPose(this.base), this.toolPose());
    const { open, closed } = this.chain.robot.gripper;
    return Float32Array.from([...ee.position, ...quatToEuler(ee.quaternion), (this.gap - closed) / (open - closed)]);
  }

  /** Current joint angles, radians. */
  joints(): number[] {
    return [...this.q];
  }

  /** Poses of everything a renderer draws. */
  viewPoses(): ViewPoses {
    return {
      objects: this.state().objects,
      links: this.arm.links.slice(0, this.chain.robot.links.length).map((l) => bodyPose(l.body)),
      fingers: [bodyPose(this.arm.fingers[0]), bodyPose(this.arm.fingers[1])],
      ee: this.toolPose(),
    };
  }

  /** The tool frame in the world: FK of the current joints, which the kinematic links follow exactly. */
  private toolPose(): Pose {
    return composePose(this.base, eePose(this.chain, this.q));
  }

  /** Frees the Rapier world; safe to call twice. */
  free(): void {
    this.bodies?.world.free();
    this.bodies = undefined as unknown as SceneBodies;
  }
}

function clamp(v: number, [lo, hi]: readonly [number, number] | readonly number[]): number {
  return Math.min(hi, Math.max(lo, v));
}

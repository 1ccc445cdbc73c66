/**
 * The robot arm as kinematic Rapier bodies posed from forward kinematics each physics step.
 * Position-controlled arms track their joint targets almost perfectly, and kinematic links
 * track FK exactly (PLATFORM-NOTES), so the arm's motion is exact and deterministic while
 * the objects it touches are fully simulated.
 */
import type RAPIER from "@dimforge/rapier3d-compat";
import type { Pose } from "@gauntlet/core";
import { composePose, quatFromEuler } from "@gauntlet/core";
import { type KinematicChain, forwardKinematics } from "../robot";
import type { Rapier } from "./rapier";
import { colliderFor } from "./shapes";

const ZERO_ROT: Pose["quaternion"] = [0, 0, 0, 1];

export interface ArmBodies {
  /** One kinematic body per link with shapes; `joint` -1 is the base. */
  links: { joint: number; body: RAPIER.RigidBody }[];
  /** The +y and -y finger pads. */
  fingers: [RAPIER.RigidBody, RAPIER.RigidBody];
  fingerColliders: [RAPIER.Collider, RAPIER.Collider];
  /** The body the held object is welded to: the link of the last joint. */
  hand: RAPIER.RigidBody;
}

/** Creates the arm's kinematic bodies in `world` at configuration q and finger gap `gap`. */
export function createArmBodies(R: Rapier, world: RAPIER.World, chain: KinematicChain, base: Pose, q: ArrayLike<number>, gap: number): ArmBodies {
  const { robot } = chain;
  const kinematic = () => world.createRigidBody(R.RigidBodyDesc.kinematicPositionBased());
  const links = robot.links.map((link) => {
    const body = kinematic();
    for (const shape of link.shapes) world.createCollider(colliderFor(R, shape, originPose(shape.origin)), body);
    return { joint: link.joint, body };
  });
  let hand = links.find((l) => l.joint === chain.dof - 1)?.body;
  if (!hand) {
    hand = kinematic();
    links.push({ joint: chain.dof - 1, body: hand });
  }
  const pad = robot.gripper.finger;
  const fingers = [kinematic(), kinematic()] as [RAPIER.RigidBody, RAPIER.RigidBody];
  const fingerColliders = fingers.map((f) =>
    world.createCollider(R.ColliderDesc.cuboid(pad.size[0] / 2, pad.size[1] / 2, pad.size[2] / 2).setFriction(1.5), f),
  ) as [RAPIER.Collider, RAPIER.Collider];
  const arm = { links, fingers, fingerColliders, hand };
  poseArm(arm, chain, base, q, gap, true);
  return arm;
}

/**
 * Moves every arm body to configuration q and finger gap `gap`: as the next kinematic target
 * (so contacts see the motion), or immediately with `teleport`.
 */
export function poseArm(arm: ArmBodies, chain: KinematicChain, base: Pose, q: ArrayLike<number>, gap: number, teleport = false): Pose {
  const fk = forwardKinematics(chain, q);
  for (const { joint, body } of arm.links) {
    place(body, joint < 0 ? base : composePose(base, fk.joints[joint]), teleport);
  }
  const ee = composePose(base, fk.ee);
  const pad = chain.robot.gripper.finger.origin.xyz;
  place(arm.fingers[0], composePose(ee, { position: [pad[0], pad[1] + gap / 2, pad[2]], quaternion: ZERO_ROT }), teleport);
  place(arm.fingers[1], composePose(ee, { position: [pad[0], -pad[1] - gap / 2, pad[2]], quaternion: ZERO_ROT }), teleport);
  return ee;
}

function place(body: RAPIER.RigidBody, pose: Pose, teleport: boolean): void {
  const [x, y, z] = pose.position;
  const [qx, qy, qz, qw] = pose.quaternion;
  if (teleport) {
    body.setTranslation({ x, y, z }, false);
    body.setRotation({ x: qx, y: qy, z: qz, w: qw }, false);
  } else {
    body.setNextKinematicTranslation({ x, y, z });
    body.setNextKinematicRotation({ x: qx, y: qy, z: qz, w: qw });
  }
}

/** A robot-description origin {xyz, rpy} as a Pose (URDF rpy is the extrinsic x-y-z order of quatFromEuler). */
export function originPose(origin: { xyz: number[]; rpy: number[] }): Pose {
  return { position: [origin.xyz[0], origin.xyz[1], origin.xyz[2]], quaternion: quatFromEuler(origin.rpy[0], origin.rpy[1], origin.rpy[2]) };
}

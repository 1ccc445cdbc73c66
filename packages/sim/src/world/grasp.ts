/**
 * Grasp latch. Fingers are kinematic pads that close physically onto objects; once both pads
 * touch the same dynamic object while closing, the object is welded to the hand with a fixed
 * joint at its current relative pose, and released when the gripper opens. Friction-only
 * grasps between kinematic pads and light objects slip and jitter in Rapier; the latch makes
 * lifts and transport hold exactly while keeping the approach and closing fully physical.
 */
import type RAPIER from "@dimforge/rapier3d-compat";
import { composePose, invertPose } from "@gauntlet/core";
import type { ArmBodies } from "./arm";
import { bodyPose } from "./build-world";
import type { Rapier } from "./rapier";

/** Contacts further apart than this (m) do not count as touching. */
const TOUCH_DISTANCE = 1e-3;

export interface Grip {
  objectId: string;
  joint: RAPIER.ImpulseJoint;
  /** Finger gap when the grasp latched, m. */
  gap: number;
}

/** Returns the id of the dynamic object both finger pads touch, or null. */
export function objectBetweenFingers(world: RAPIER.World, arm: ArmBodies, owner: Map<number, string>, bodies: Map<string, RAPIER.RigidBody>): string | null {
  const touched = arm.fingerColliders.map((finger) => {
    const ids = new Set<string>();
    // Candidates come from the broad phase; the distance is computed afresh, because manifold
    // distances between a kinematic pad and a dynamic body can be stale within a step.
    world.contactPairsWith(finger, (other) => {
      const id = owner.get(other.handle);
      if (!id || !bodies.get(id)?.isDynamic()) return;
      const contact = finger.contactCollider(other, TOUCH_DISTANCE);
      if (contact && contact.distance <= TOUCH_DISTANCE) ids.add(id);
    });
    return ids;
  });
  for (const id of touched[0]) if (touched[1].has(id)) return id;
  return null;
}

/** Welds `body` to the hand at their current relative pose, with contacts between the two off. */
export function weld(R: Rapier, world: RAPIER.World, hand: RAPIER.RigidBody, body: RAPIER.RigidBody): RAPIER.ImpulseJoint {
  const rel = composePose(invertPose(bodyPose(hand)), bodyPose(body));
  const [x, y, z] = rel.position;
  const [qx, qy, qz, qw] = rel.quaternion;
  const data = R.JointData.fixed({ x, y, z }, { x: qx, y: qy, z: qz, w: qw }, { x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 0, w: 1 });
  const joint = world.createImpulseJoint(data, hand, body, true);
  joint.setContactsEnabled(false);
  return joint;
}

import type RAPIER from "@dimforge/rapier3d-compat";
import type { Pose, Scene } from "@gauntlet/core";
import type { Rapier } from "./rapier";
import { colliderFor } from "./shapes";

const TABLE_THICKNESS = 0.04;
/** Collision group for the table, objects and arm; fingers and links use their own bits in arm.ts. */
export const GROUP_SCENE = 0x0001;

export interface SceneBodies {
  world: RAPIER.World;
  /** Physics bodies of dynamic and fixed objects, by id; visual objects have none. */
  bodies: Map<string, RAPIER.RigidBody>;
  /** Object id of each object collider handle, for grasp detection. */
  colliderOwner: Map<number, string>;
}

/** Builds a Rapier world holding the table and the scene's objects at the given poses. */
export function buildWorld(R: Rapier, scene: Scene, poses: Record<string, Pose>): SceneBodies {
  const world = new R.World({ x: scene.physics.gravity[0], y: scene.physics.gravity[1], z: scene.physics.gravity[2] });
  world.timestep = 1 / scene.physics.rateHz;
  const { table } = scene;
  const tableBody = world.createRigidBody(R.RigidBodyDesc.fixed().setTranslation(table.center[0], table.center[1], table.height - TABLE_THICKNESS / 2));
  world.createCollider(R.ColliderDesc.cuboid(table.size[0] / 2, table.size[1] / 2, TABLE_THICKNESS / 2).setFriction(table.friction), tableBody);

  const bodies = new Map<string, RAPIER.RigidBody>();
  const colliderOwner = new Map<number, string>();
  for (const obj of scene.objects) {
    if (obj.body === "visual") continue;
    const { position: p, quaternion: q } = poses[obj.id];
    const desc = (obj.body === "fixed" ? R.RigidBodyDesc.fixed() : R.RigidBodyDesc.dynamic())
      .setTranslation(p[0], p[1], p[2])
      .setRotation({ x: q[0], y: q[1], z: q[2], w: q[3] })
      .setCanSleep(false);
    const body = world.createRigidBody(desc);
    const collider = world.createCollider(
      colliderFor(R, obj).setMass(obj.mass).setFriction(obj.friction).setRestitution(obj.restitution),
      body,
    );
    bodies.set(obj.id, body);
    colliderOwner.set(collider.handle, obj.id);
  }
  return { world, bodies, colliderOwner };
}

/** Reads a body's pose as plain arrays. */
export function bodyPose(body: RAPIER.RigidBody): Pose {
  const t = body.translation();
  const r = body.rotation();
  return { position: [t.x, t.y, t.z], quaternion: [r.x, r.y, r.z, r.w] };
}

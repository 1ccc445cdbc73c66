/**
 * camera-pose: moves every world-mounted camera by an exact distance in a random direction and
 * turns it by an exact angle about a random axis across its view, plus a roll of up to the same
 * angle. Policies keep the nominal calibration, as a real robot whose camera was knocked would.
 * Wrist cameras ride on the arm and are left alone.
 */
import { add, cross, dot, normalize, type Rng, scale, sub, type Vec3 } from "@gauntlet/core";
import { defineAxis, symmetric } from "../axis";

interface Magnitude {
  /** Translation, m. */
  shift: number;
  /** Rotation, degrees. */
  turn: number;
}

export const cameraPoseAxis = defineAxis<Magnitude | null>({
  name: "camera-pose",
  description: "fixed camera pose: translation (cm) and rotation (degrees)",
  levels: [
    ["nominal", null],
    ["moved 1 cm, turned 2°", { shift: 0.01, turn: 2 }],
    ["moved 2.5 cm, turned 5°", { shift: 0.025, turn: 5 }],
    ["moved 5 cm, turned 10°", { shift: 0.05, turn: 10 }],
  ],
  touches: [/^\.cameras\[\d+\]\.(position|lookAt|up)$/],
  perturb(scene, rng, m) {
    if (!m) return;
    for (const cam of scene.cameras) {
      if (cam.mount !== "world") continue;
      const view = sub(cam.lookAt, cam.position);
      const eye = add(cam.position, scale(randomUnit(rng), m.shift));
      // A random axis perpendicular to the view direction tilts the view by exactly `turn`.
      const across = normalize(cross(view, randomUnit(rng)));
      const turned = rotate(view, across, (m.turn * Math.PI) / 180);
      cam.position = eye;
      cam.lookAt = add(eye, turned);
      cam.up = rotate(cam.up, normalize(turned), (symmetric(rng, m.turn) * Math.PI) / 180);
    }
  },
});

/** A uniformly random unit vector. */
function randomUnit(rng: Rng): Vec3 {
  const z = rng.uniform(-1, 1);
  const phi = rng.uniform(0, 2 * Math.PI);
  const r = Math.sqrt(1 - z * z);
  return [r * Math.cos(phi), r * Math.sin(phi), z];
}

/** Rodrigues' rotation of v about the unit axis k by angle a. */
function rotate(v: Vec3, k: Vec3, a: number): Vec3 {
  const c = Math.cos(a);
  const s = Math.sin(a);
  const kv = cross(k, v);
  const d = dot(k, v) * (1 - c);
  return [v[0] * c + kv[0] * s + k[0] * d, v[1] * c + kv[1] * s + k[1] * d, v[2] * c + kv[2] * s + k[2] * d];
}


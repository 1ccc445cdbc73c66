/**
 * lighting: scales every light's intensity (log-uniform), turns directional and point lights
 * about their target (azimuth, and half as much elevation), and tints their colour.
 */
import type { Vec3 } from "@gauntlet/core";
import { defineAxis, logFactor, symmetric } from "../axis";
import { hsvToHex } from "../colour";

interface Magnitude {
  /** Intensity factor range [1/k, k]. */
  intensity: number;
  /** Largest turn of the light's direction, degrees. */
  turn: number;
  /** Saturation of the tint. */
  tint: number;
}

const DEG = Math.PI / 180;
const DEFAULT_POSITION: Vec3 = [0.5, -0.5, 1.5];
const DEFAULT_TARGET: Vec3 = [0.3, 0, 0];

export const lightingAxis = defineAxis<Magnitude | null>({
  name: "lighting",
  description: "light intensity, direction and colour",
  levels: [
    ["nominal", null],
    ["intensity ×/÷1.25, turned ≤15°, tint 10%", { intensity: 1.25, turn: 15, tint: 0.1 }],
    ["intensity ×/÷1.6, turned ≤35°, tint 25%", { intensity: 1.6, turn: 35, tint: 0.25 }],
    ["intensity ×/÷2.2, turned ≤60°, tint 45%", { intensity: 2.2, turn: 60, tint: 0.45 }],
  ],
  touches: [/^\.lights(\[\d+\]\.(intensity|color|position|target))?$/],
  perturb(scene, rng, m) {
    if (!m) return;
    for (const light of scene.lights) {
      light.intensity *= logFactor(rng, m.intensity);
      light.color = hsvToHex(rng.uniform(0, 360), rng.uniform(0, m.tint), 1);
      if (light.type === "ambient") continue;
      const target = light.target ?? DEFAULT_TARGET;
      const [dx, dy, dz] = (light.position ?? DEFAULT_POSITION).map((v, i) => v - target[i]);
      const r = Math.hypot(dx, dy, dz);
      const azimuth = Math.atan2(dy, dx) + symmetric(rng, m.turn) * DEG;
      const elevation = Math.min(89 * DEG, Math.max(10 * DEG, Math.asin(dz / r) + (symmetric(rng, m.turn) * DEG) / 2));
      light.position = [target[0] + r * Math.cos(elevation) * Math.cos(azimuth), target[1] + r * Math.cos(elevation) * Math.sin(azimuth), target[2] + r * Math.sin(elevation)];
      if (light.type === "directional") light.target = [...target];
    }
  },
});

/**
 * image: corrupts every camera frame (see corruptImage in @gauntlet/core): sensor noise, blur
 * and an exposure change, each drawn between half and all of the level's magnitude.
 */
import { defineAxis } from "../axis";

interface Magnitude {
  noise: number;
  blur: number;
  /** Stops, either way. */
  exposure: number;
}

export const imageCorruptionAxis = defineAxis<Magnitude | null>({
  name: "image",
  description: "image corruption: noise, blur, exposure",
  levels: [
    ["nominal", null],
    ["noise ≤2%, blur ≤0.5 px, exposure ≤±0.4 EV", { noise: 0.02, blur: 0.5, exposure: 0.4 }],
    ["noise ≤5%, blur ≤1 px, exposure ≤±0.8 EV", { noise: 0.05, blur: 1, exposure: 0.8 }],
    ["noise ≤10%, blur ≤1.8 px, exposure ≤±1.4 EV", { noise: 0.1, blur: 1.8, exposure: 1.4 }],
  ],
  touches: [/^\.observation(\.|$)/],
  perturb(scene, rng, m) {
    if (!m) return;
    const sign = rng.next() < 0.5 ? -1 : 1;
    scene.observation = {
      noise: round(m.noise * rng.uniform(0.5, 1)),
      blur: round(m.blur * rng.uniform(0.5, 1)),
      exposure: round(sign * m.exposure * rng.uniform(0.5, 1)),
    };
  },
});

const round = (v: number) => Math.round(v * 1e4) / 1e4;

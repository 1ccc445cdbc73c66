/**
 * Procedural textures for scene surfaces: checker, stripes, dots and value noise in two colours,
 * baked into a small RGBA image. Pure and seeded, with no Node or browser specifics, so Node
 * observations and browser replays draw the same pixels.
 */
import type { ProceduralTexture } from "@gauntlet/core";
import { makeRng } from "@gauntlet/core";
import * as THREE from "three";

/** RGBA pixels (row 0 at the top) of a texture over a surface whose own colour is `base`. */
export function proceduralTexturePixels(texture: ProceduralTexture, base: string, size = 64): Uint8Array {
  const a = hexRgb(base);
  const b = hexRgb(texture.color);
  const mix = patternFunction(texture);
  const out = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = mix(((x + 0.5) / size) * texture.cells, ((y + 0.5) / size) * texture.cells);
      const o = 4 * (y * size + x);
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(a[c] + t * (b[c] - a[c]));
      out[o + 3] = 255;
    }
  }
  return out;
}

/** A three.js texture of the pattern, in sRGB, ready for a material's map or a scene background. */
export function makeProceduralTexture(texture: ProceduralTexture, base: string, size = 64): THREE.DataTexture {
  const tex = new THREE.DataTexture(proceduralTexturePixels(texture, base, size), size, size, THREE.RGBAFormat);
  tex.colorSpace = THREE.SRGBColorSpace;
  tex.magFilter = THREE.NearestFilter;
  tex.needsUpdate = true;
  return tex;
}

/** The share of the second colour at pattern coordinates (u, v), one cell per unit. */
function patternFunction(texture: ProceduralTexture): (u: number, v: number) => number {
  switch (texture.pattern) {
    case "checker":
      return (u, v) => (Math.floor(u) + Math.floor(v)) % 2;
    case "stripes":
      return (u) => (u % 1 < 0.5 ? 1 : 0);
    case "dots":
      return (u, v) => (Math.hypot((u % 1) - 0.5, (v % 1) - 0.5) < 0.3 ? 1 : 0);
    case "noise": {
      // Value noise on the cell lattice, smoothly interpolated: a mottled, stone-like surface.
      const n = texture.cells + 1;
      const rng = makeRng(texture.seed);
      const lattice = Array.from({ length: n * n }, () => rng.next());
      const at = (i: number, j: number) => lattice[Math.min(j, n - 1) * n + Math.min(i, n - 1)];
      const smooth = (t: number) => t * t * (3 - 2 * t);
      return (u, v) => {
        const i = Math.floor(u);
        const j = Math.floor(v);
        const fu = smooth(u - i);
        const fv = smooth(v - j);
        const top = at(i, j) + fu * (at(i + 1, j) - at(i, j));
        const bottom = at(i, j + 1) + fu * (at(i + 1, j + 1) - at(i, j + 1));
        return top + fv * (bottom - top);
      };
    }
  }
}

function hexRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Colour arithmetic for appearance axes: hex <-> HSV, hue shifts, and random colours. */
import type { Rng } from "@gauntlet/core";

/** #rrggbb -> [h in degrees, s, v]. */
export function hexToHsv(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => c / 255);
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  let h = 0;
  if (d > 0) h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [(h * 60 + 360) % 360, max > 0 ? d / max : 0, max];
}

/** [h, s, v] -> #rrggbb, with s and v clamped to [0, 1]. */
export function hsvToHex(h: number, s: number, v: number): string {
  const [hh, ss, vv] = [((h % 360) + 360) % 360, clamp01(s), clamp01(v)];
  const f = (k: number) => {
    const x = (k + hh / 60) % 6;
    return vv - vv * ss * Math.max(0, Math.min(x, 4 - x, 1));
  };
  return `#${[f(5), f(3), f(1)].map((c) => Math.round(c * 255).toString(16).padStart(2, "0")).join("")}`;
}

/** Shifts hue by `dh` degrees and scales saturation and value. */
export function shiftColour(hex: string, dh: number, sScale: number, vScale: number): string {
  const [h, s, v] = hexToHsv(hex);
  return hsvToHex(h + dh, s * sScale, v * vScale);
}

/** A random saturated-ish colour. */
export function randomColour(rng: Rng, saturation: [number, number] = [0.2, 0.9], value: [number, number] = [0.3, 0.95]): string {
  return hsvToHex(rng.uniform(0, 360), rng.uniform(...saturation), rng.uniform(...value));
}

/** Mixes two colours: t = 0 gives a, 1 gives b. */
export function mixColour(a: string, b: string, t: number): string {
  const pa = Number.parseInt(a.slice(1), 16);
  const pb = Number.parseInt(b.slice(1), 16);
  const ch = (p: number, s: number) => (p >> s) & 255;
  return `#${[16, 8, 0].map((s) => Math.round(ch(pa, s) + t * (ch(pb, s) - ch(pa, s))).toString(16).padStart(2, "0")).join("")}`;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * The colour vocabulary the vision policy understands: for each word, an HSV window that
 * accepts the lit and the shaded faces of an object of that colour under the simulator's
 * lights (calibrated on rendered frames: faces keep their hue, value varies from about 0.3 to
 * 0.9) while rejecting the wooden table (hue about 30°, saturation about 0.4), the grey
 * robot and the pale background.
 */

/** An HSV acceptance window; hue in degrees, saturation and value in 0..1. */
export interface ColourWindow {
  /** Centre hue, degrees; ignored for achromatic colours. */
  hue: number;
  /** Half-width of the accepted hue range, degrees. */
  hueTolerance: number;
  minSaturation: number;
  maxSaturation: number;
  minValue: number;
  /** A representative sRGB colour, for matching a scene's hex colour to a word. */
  rgb: [number, number, number];
}

/** Colour words and their windows. */
export const COLOURS: Record<string, ColourWindow> = {
  red: { hue: 0, hueTolerance: 18, minSaturation: 0.45, maxSaturation: 1, minValue: 0.15, rgb: [210, 58, 47] },
  orange: { hue: 25, hueTolerance: 8, minSaturation: 0.65, maxSaturation: 1, minValue: 0.3, rgb: [230, 120, 30] },
  yellow: { hue: 52, hueTolerance: 12, minSaturation: 0.5, maxSaturation: 1, minValue: 0.2, rgb: [224, 192, 32] },
  green: { hue: 128, hueTolerance: 32, minSaturation: 0.35, maxSaturation: 1, minValue: 0.15, rgb: [54, 178, 74] },
  blue: { hue: 222, hueTolerance: 25, minSaturation: 0.35, maxSaturation: 1, minValue: 0.15, rgb: [47, 95, 210] },
  purple: { hue: 280, hueTolerance: 25, minSaturation: 0.3, maxSaturation: 1, minValue: 0.15, rgb: [140, 60, 190] },
  white: { hue: 0, hueTolerance: 180, minSaturation: 0, maxSaturation: 0.15, minValue: 0.55, rgb: [242, 242, 242] },
};

/** Whether an sRGB pixel falls in a colour window. */
export function matchesColour(r: number, g: number, b: number, window: ColourWindow): boolean {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const value = max / 255;
  if (value < window.minValue) return false;
  const saturation = max > 0 ? (max - min) / max : 0;
  if (saturation < window.minSaturation || saturation > window.maxSaturation) return false;
  if (window.hueTolerance >= 180) return true;
  const d = max - min;
  if (d === 0) return false;
  let hue = max === r ? ((g - b) / d) * 60 : max === g ? ((b - r) / d + 2) * 60 : ((r - g) / d + 4) * 60;
  if (hue < 0) hue += 360;
  const off = Math.abs(((hue - window.hue + 540) % 360) - 180);
  return off <= window.hueTolerance;
}

/** The vocabulary word nearest to a "#rrggbb" colour, for building a per-task config from a scene. */
export function nearestColourWord(hex: string): string {
  const n = Number.parseInt(hex.replace("#", ""), 16);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  let best = "white";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [word, window] of Object.entries(COLOURS)) {
    const d = Math.hypot(...rgb.map((v, i) => v - window.rgb[i]));
    if (d < bestDistance) [best, bestDistance] = [word, d];
  }
  return best;
}

/** Writes a translation next to its scene file: the scene JSON, its backdrop, the overlay and the fit report. */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeRgbPng } from "./image-io";
import type { Real2SimResult } from "./translate";

/** Paths of the written files. */
export interface WrittenTranslation {
  scene: string;
  backdrop: string;
  overlay: string;
  report: string;
}

/** Writes `<out>` (scene), and beside it `<name>.background.png`, `<name>.overlay.png` and `<name>.fit.json`. */
export function writeTranslation(result: Real2SimResult, out: string): WrittenTranslation {
  const dir = dirname(out);
  const name = basename(out).replace(/\.json$/, "");
  mkdirSync(dir, { recursive: true });
  const paths = {
    scene: out,
    backdrop: join(dir, `${name}.background.png`),
    overlay: join(dir, `${name}.overlay.png`),
    report: join(dir, `${name}.fit.json`),
  };
  const scene = { ...result.scene, background: result.scene.background ? { ...result.scene.background, image: basename(paths.backdrop) } : undefined };
  writeFileSync(paths.scene, `${JSON.stringify(scene, null, 2)}\n`);
  writeRgbPng(paths.backdrop, result.backdrop);
  writeRgbPng(paths.overlay, result.overlay);
  writeFileSync(paths.report, `${JSON.stringify(result.report, roundNumbers, 2)}\n`);
  return paths;
}

/** JSON replacer: numbers to 5 significant decimals, so reports stay readable. */
function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1e5) / 1e5 : value;
}

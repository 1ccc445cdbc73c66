/** The world models and judges shipped under models/, so tests cover every one of them. */
import { join, resolve } from "node:path";
import { findModels } from "../find-models";

export const REPO_ROOT = resolve(import.meta.dirname, "../../../..");
export const TINY_DIFFUSION = join(REPO_ROOT, "models/wm-tiny-diffusion");
export const TINY_JUDGE = join(REPO_ROOT, "models/wm-tiny-diffusion/judge");
export const TINY_DIRECT = join(REPO_ROOT, "packages/world-model/fixtures/tiny-direct");
export const TINY_CHUNK = join(REPO_ROOT, "packages/world-model/fixtures/tiny-chunk");

/** Folders under models/ whose manifest.json has the given format. */
export function shippedModels(format: "gauntlet-world-model" | "gauntlet-judge"): string[] {
  return findModels(join(REPO_ROOT, "models"), format);
}

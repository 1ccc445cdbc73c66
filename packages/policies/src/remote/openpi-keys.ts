import type { CameraSpec, Observation, RgbImage } from "@gauntlet/core";
import { NdArray } from "./nd-array";

/**
 * What one key of an openpi observation dict is filled with:
 * - `{ image: "third" }`: that camera's frame as a uint8 `[H, W, 3]` array (alpha dropped, row 0 at the top);
 * - `"state"`: the state vector as a float32 `[7]` array ([x, y, z, roll, pitch, yaw, gripper]);
 * - `"instruction"`: the language instruction as a string.
 */
export type OpenPiKeySource = { image: string } | "state" | "instruction";

/** Maps the keys the server's input transforms expect (e.g. "observation/image") to what fills them. */
export type OpenPiKeyMap = Record<string, OpenPiKeySource>;

/** The keys of openpi's LIBERO example (`pi05_libero`, `pi0_fast_libero`), which the Bridge-style state matches best. */
export const LIBERO_OPENPI_KEYS: OpenPiKeyMap = {
  "observation/image": { image: "third" },
  "observation/wrist_image": { image: "wrist" },
  "observation/state": "state",
  prompt: "instruction",
};

/** Copies RGBA pixels into a packed RGB buffer, the layout of a numpy uint8 `[H, W, 3]` array. */
export function rgbaToRgb(img: RgbImage): Uint8Array {
  const n = img.width * img.height;
  if (img.data.length !== n * 4) {
    throw new Error(`image: ${img.width}x${img.height} RGBA needs ${n * 4} bytes, got ${img.data.length}`);
  }
  const src = img.data;
  const out = new Uint8Array(n * 3);
  for (let i = 0, j = 0; i < n * 4; i += 4, j += 3) {
    out[j] = src[i];
    out[j + 1] = src[i + 1];
    out[j + 2] = src[i + 2];
  }
  return out;
}

/** Throws, naming the key, if the mapping asks for a camera the environment does not have. */
export function checkOpenPiKeys(keys: OpenPiKeyMap, cameras: readonly CameraSpec[]): void {
  for (const [key, source] of Object.entries(keys)) {
    if (typeof source === "object" && !cameras.some((c) => c.name === source.image)) {
      const names = cameras.map((c) => c.name).join(", ") || "none";
      throw new Error(`keys["${key}"]: no camera "${source.image}" in this environment (cameras: ${names}); change the key mapping`);
    }
    if (typeof source !== "object" && source !== "state" && source !== "instruction") {
      throw new Error(`keys["${key}"]: expected "state", "instruction" or { image: <camera> }, got ${JSON.stringify(source)}`);
    }
  }
}

/** Builds the observation dict an openpi server receives, per the key mapping. */
export function toOpenPiObservation(obs: Observation, keys: OpenPiKeyMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(keys)) {
    if (source === "state") out[key] = NdArray.from(obs.state);
    else if (source === "instruction") out[key] = obs.instruction;
    else {
      const img = obs.images[source.image];
      if (!img) {
        const names = Object.keys(obs.images).join(", ") || "none";
        throw new Error(`keys["${key}"]: no image "${source.image}" in the observation (images: ${names})`);
      }
      out[key] = new NdArray("|u1", [img.height, img.width, 3], rgbaToRgb(img));
    }
  }
  return out;
}

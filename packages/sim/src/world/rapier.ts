import RAPIER from "@dimforge/rapier3d-compat";

let ready: Promise<typeof RAPIER> | undefined;

/** Loads Rapier's WebAssembly once per process (or page) and returns the module. */
export function loadRapier(): Promise<typeof RAPIER> {
  ready ??= RAPIER.init().then(() => RAPIER);
  return ready;
}

export type Rapier = typeof RAPIER;

/** Loading a model folder: read and validate its manifest, open its graph, check one against the other. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { checkTensorsAgainstGraph, type DeclaredTensor } from "@gauntlet/core";
import type { z } from "zod";
import { parseWith } from "./manifest";
import { openSession } from "./runtime/open-session";
import type { ModelSession, SessionOptions } from "./runtime/session";

/** Reads, validates and opens a model folder, and checks the manifest's tensors against the graph. */
export async function loadChecked<S extends z.ZodType<{ files: { model: string }; inputs: object; outputs: object }>>(
  dir: string,
  schema: S,
  what: string,
  opts: SessionOptions,
): Promise<{ manifest: z.output<S>; session: ModelSession }> {
  const source = join(dir, "manifest.json");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(source, "utf8"));
  } catch (err) {
    throw new Error(`${source}: cannot read the ${what}: ${(err as Error).message}`);
  }
  const manifest = parseWith(schema, json, source, what);
  const session = await openSession(join(dir, manifest.files.model), opts);
  try {
    checkTensorsAgainstGraph(declared(manifest), session, source, manifest.files.model);
  } catch (err) {
    await session.close();
    throw err;
  }
  return { manifest, session };
}

type Tensors = Record<string, { name: string; dtype: string; shape: number[] } | undefined>;

/** A manifest's `inputs` and `outputs` maps as the graph checker's declared tensors. */
export function declared(m: { inputs: object; outputs: object }): { inputs: DeclaredTensor[]; outputs: DeclaredTensor[] } {
  const list = (side: "inputs" | "outputs") =>
    Object.entries(m[side] as Tensors).flatMap(([key, t]) => (t ? [{ ...t, where: `${side}.${key}` }] : []));
  return { inputs: list("inputs"), outputs: list("outputs") };
}

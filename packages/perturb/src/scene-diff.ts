/** What a perturbation changed: the leaves (or whole numeric vectors) that differ between two scenes. */
import { formatPath } from "@gauntlet/core";

/** One changed value: absent `from` means added, absent `to` means removed. */
export interface SceneChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

/** Every difference between two JSON values; a numeric vector that differs is reported whole. */
export function diffScenes(a: unknown, b: unknown): SceneChange[] {
  const out: SceneChange[] = [];
  walk(a, b, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: PropertyKey[], out: SceneChange[]): void {
  if (Object.is(a, b)) return;
  if (isVector(a) && isVector(b) && a.length === b.length) {
    if (a.some((v, i) => v !== b[i])) out.push({ path: formatPath(path), from: a, to: b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i], out);
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key], out);
    return;
  }
  if (a === undefined) out.push({ path: formatPath(path), to: b });
  else if (b === undefined) out.push({ path: formatPath(path), from: a });
  else out.push({ path: formatPath(path), from: a, to: b });
}

const isVector = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number");
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

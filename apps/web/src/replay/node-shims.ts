/**
 * Browser stand-ins for the few `node:fs`, `node:path` and `node:url` calls the simulator makes
 * while loading a robot description (packages/sim/src/robot/description.ts). The web build
 * points those imports here; robot files are fetched into memory with `preloadRobot` first, and
 * `readFileSync` serves them from there. Nothing else is supported, and says so.
 */

const files = new Map<string, string>();

/** Bundles and caches packages/sim/robots/<name>.json so the simulator can "read" it synchronously. */
export async function preloadRobot(name: string): Promise<void> {
  if (files.has(name)) return;
  if (!/^[\w-]+$/.test(name)) throw new Error(`robot "${name}": only the bundled robots (by bare name) replay in the browser`);
  const json = await import(`../../../../packages/sim/robots/${name}.json`).catch(() => {
    throw new Error(`robot "${name}": not among the robots bundled with the web build (packages/sim/robots)`);
  });
  files.set(name, JSON.stringify(json.default ?? json));
}

/** Serves a preloaded robot file by its base name; any other read fails loudly. */
export function readFileSync(path: string): string {
  const name = String(path).split("/").pop()?.replace(/\.json$/, "") ?? "";
  const text = files.get(name);
  if (text === undefined) throw new Error(`${path}: the browser has no file system; only preloaded robot descriptions can be read`);
  return text;
}

export function existsSync(path: string): boolean {
  return files.has(String(path).split("/").pop()?.replace(/\.json$/, "") ?? "");
}

export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/** Joins path segments left to right, like path.resolve for absolute inputs. */
export function resolve(...parts: string[]): string {
  let out = "";
  for (const p of parts) out = p.startsWith("/") ? p : `${out.replace(/\/$/, "")}/${p}`;
  return out;
}

export function dirname(path: string): string {
  return path.replace(/\/[^/]*\/?$/, "") || "/";
}

export function join(...parts: string[]): string {
  return parts.join("/").replace(/\/+/g, "/");
}

export function fileURLToPath(url: string | URL): string {
  return new URL(String(url)).pathname;
}

export function createHash(): never {
  throw new Error("createHash: not available in the browser");
}

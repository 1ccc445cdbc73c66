/** Finds model folders under a directory by their manifest's format. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Folders under `root` (up to `depth` levels down) whose manifest.json has the given format, sorted. */
export function findModels(root: string, format: "gauntlet-world-model" | "gauntlet-judge", depth = 2): string[] {
  const found: string[] = [];
  const visit = (dir: string, left: number) => {
    const manifest = join(dir, "manifest.json");
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).format === format) found.push(dir);
      } catch {
        // Not JSON: not a model folder.
      }
    }
    if (left === 0) return;
    for (const name of readdirSync(dir)) {
      const sub = join(dir, name);
      // Datasets hold thousands of folders and no models.
      if (name !== "data" && name !== "node_modules" && !name.startsWith(".") && statSync(sub).isDirectory()) visit(sub, left - 1);
    }
  };
  if (existsSync(root)) visit(root, depth);
  return found.sort();
}

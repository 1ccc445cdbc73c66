/** Runs the real `gauntlet` command in a child process, as a user would, for the CLI's integration tests. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
const gauntlet = join(root, "apps/cli/bin/gauntlet.mjs");
const run = promisify(execFile);

/** Resolves with the command's output and exit code (CI set, so nothing is served). */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [gauntlet, ...args], { cwd: root, env: { ...process.env, CI: "1" } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

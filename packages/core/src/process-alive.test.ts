import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isProcessAlive } from "./process-alive";

describe("isProcessAlive", () => {
  it("sees this process and init, and not a child that has exited and been reaped", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(1)).toBe(true);
    const { pid } = spawnSync(process.execPath, ["-e", ""]);
    expect(pid).toBeGreaterThan(0);
    expect(isProcessAlive(pid as number)).toBe(false);
  });
});

import { PolicyUnavailableError } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { backoffDelay, withBackoff } from "./backoff";

describe("backoff", () => {
  it("doubles from baseMs and stops at maxMs", () => {
    expect([0, 1, 2, 3, 4, 5].map((k) => backoffDelay(k))).toEqual([100, 200, 400, 800, 1600, 2000]);
    expect([0, 1, 2].map((k) => backoffDelay(k, { baseMs: 5, maxMs: 12 }))).toEqual([5, 10, 12]);
  });

  it("retries up to `attempts` times, then names what failed and the last error", async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error(`refused #${calls}`, { cause: { code: "ECONNREFUSED" } });
    };
    const err = await withBackoff("connecting to x", failing, { attempts: 3, baseMs: 1 }).catch((e) => e);
    expect(calls).toBe(3);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect(err.message).toBe("connecting to x failed after 3 attempts: refused #3 (ECONNREFUSED)");
    let n = 0;
    expect(await withBackoff("y", async () => (++n < 2 ? Promise.reject(new Error("once")) : "ok"), { baseMs: 1 })).toBe("ok");
  });

  it("does not retry a PolicyUnavailableError or an error `retryable` rejects", async () => {
    let calls = 0;
    const final = new PolicyUnavailableError("server said no");
    await expect(withBackoff("z", async () => Promise.reject(++calls && final), { baseMs: 1 })).rejects.toBe(final);
    expect(calls).toBe(1);
    await expect(withBackoff("z", async () => Promise.reject(new Error("nope")), { retryable: () => false })).rejects.toThrow("z failed after 1 attempt: nope");
  });
});

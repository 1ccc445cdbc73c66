import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { episodeFingerprint } from "./testing/episode-fingerprint";

const script = fileURLToPath(new URL("./testing/episode-fingerprint-main.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

describe("determinism", () => {
  it("gives bit-identical states and frames for the same seed and actions in two processes", async () => {
    const here = await episodeFingerprint("pick-cube", 11);
    const there = JSON.parse(execFileSync(tsx, [script, "pick-cube", "11"], { encoding: "utf8" }));
    expect(there.frames.length).toBe(here.frames.length);
    expect(there).toEqual(here);
  });

  it("gives different episodes for different seeds", async () => {
    const a = await episodeFingerprint("pick-cube", 1);
    const b = await episodeFingerprint("pick-cube", 2);
    expect(a.frames[0]).not.toBe(b.frames[0]);
  });
});

import { describe, expect, it } from "vitest";
import { nextSpeed } from "./player-controls";
import { actionForKey, VOTE_KEYS } from "./shortcuts";

describe("actionForKey", () => {
  it("maps A, B, T and F to the four votes while judging, in either case", () => {
    expect(VOTE_KEYS.map((v) => v.key)).toEqual(["A", "B", "T", "F"]);
    expect(actionForKey("a", "judging")).toEqual({ kind: "vote", choice: "left" });
    expect(actionForKey("B", "judging")).toEqual({ kind: "vote", choice: "right" });
    expect(actionForKey("t", "judging")).toEqual({ kind: "vote", choice: "tie" });
    expect(actionForKey("f", "judging")).toEqual({ kind: "vote", choice: "both-failed" });
  });
  it("votes only while judging, and goes next only after the reveal", () => {
    expect(actionForKey("a", "revealed")).toBeNull();
    expect(actionForKey("a", "idle")).toBeNull();
    expect(actionForKey("n", "judging")).toBeNull();
    expect(actionForKey("n", "revealed")).toEqual({ kind: "next" });
    expect(actionForKey("Enter", "revealed")).toEqual({ kind: "next" });
  });
  it("leaves modified keys to the browser (Ctrl+A, Cmd+F)", () => {
    expect(actionForKey("a", "judging", { ctrl: true })).toBeNull();
    expect(actionForKey("f", "judging", { meta: true })).toBeNull();
  });
  it("controls playback in every phase", () => {
    expect(actionForKey(" ", "idle")).toEqual({ kind: "toggle-play" });
    expect(actionForKey("ArrowRight", "revealed")).toEqual({ kind: "step", frames: 1 });
    expect(actionForKey("-", "judging")).toEqual({ kind: "speed", delta: -1 });
    expect(actionForKey("c", "revealed")).toEqual({ kind: "camera" });
  });
});

describe("nextSpeed", () => {
  it("walks the speed list and stops at its ends", () => {
    expect(nextSpeed(1, 1)).toBe(1.5);
    expect(nextSpeed(2, 1)).toBe(2);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(nextSpeed(0.5, -1)).toBe(0.25);
  });
});

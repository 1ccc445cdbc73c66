/** The compare page's keyboard shortcuts, as data, so the buttons can show them and tests can check them. */
import type { Choice } from "../api";

export type CompareAction =
  | { kind: "vote"; choice: Choice }
  | { kind: "next" }
  | { kind: "toggle-play" }
  | { kind: "step"; frames: number }
  | { kind: "speed"; delta: number }
  | { kind: "camera" }
  | { kind: "focus-reason" };

/** The vote buttons in display order, each with its key. */
export const VOTE_KEYS: { choice: Choice; key: string; label: string }[] = [
  { choice: "left", key: "A", label: "Left is better" },
  { choice: "right", key: "B", label: "Right is better" },
  { choice: "tie", key: "T", label: "Tie" },
  { choice: "both-failed", key: "F", label: "Both failed" },
];

/** The playback speeds offered, slowest first. */
export const SPEEDS = [0.25, 0.5, 1, 1.5, 2];

/**
 * What a key press means in a phase of the page: votes only while judging, next only after the
 * reveal. Keys with modifiers are left to the browser.
 */
export function actionForKey(key: string, phase: "judging" | "revealed" | "idle", mods: { ctrl?: boolean; meta?: boolean; alt?: boolean } = {}): CompareAction | null {
  if (mods.ctrl || mods.meta || mods.alt) return null;
  const k = key.length === 1 ? key.toUpperCase() : key;
  if (k === " ") return { kind: "toggle-play" };
  if (k === "ArrowLeft" || k === ",") return { kind: "step", frames: -1 };
  if (k === "ArrowRight" || k === ".") return { kind: "step", frames: 1 };
  if (k === "-" || k === "[") return { kind: "speed", delta: -1 };
  if (k === "+" || k === "=" || k === "]") return { kind: "speed", delta: 1 };
  if (k === "C") return { kind: "camera" };
  if (phase === "judging") {
    const vote = VOTE_KEYS.find((v) => v.key === k);
    if (vote) return { kind: "vote", choice: vote.choice };
    if (k === "R") return { kind: "focus-reason" };
  }
  if (phase === "revealed" && (k === "N" || k === "Enter")) return { kind: "next" };
  return null;
}

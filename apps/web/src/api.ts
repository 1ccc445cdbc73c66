/**
 * The arena's HTTP API as the browser sees it (apps/server/API.md is the contract): a judge
 * session kept in localStorage, blind pairs, votes, the leaderboard, runs and replays.
 */
// Type-only: the server's own response types, erased from the bundle.
import type { Leaderboard, LeaderboardRow } from "@gauntlet/server";

export type { Leaderboard, LeaderboardRow };

export type Choice = "left" | "right" | "tie" | "both-failed";

export interface PairSide {
  /** Opaque URLs: they say nothing about the policy. */
  video: string;
  videos?: Record<string, string>;
  replay?: string;
}

export interface Pair {
  assignment: string;
  instruction: string;
  task: string;
  scene: string;
  left: PairSide;
  right: PairSide;
}

export interface Reveal {
  /** The episodes' seed: only told after the vote (before it, it would let a judge look the pair up). */
  seed: number;
  left: { policy: string; success: boolean };
  right: { policy: string; success: boolean };
}

/** Why no pair could be served: nothing left for this judge, or the daily cap is reached. */
export class NoPairError extends Error {
  constructor(readonly reason: "no-pairs" | "daily-cap" | string) {
    super(reason === "daily-cap" ? "You have reached today's vote limit. Thank you!" : "No more pairs to judge right now. Thank you!");
  }
}

/** An API error with the server's reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's machine code, e.g. "no-pairs", "daily-cap", "rate-limited". */
    readonly reason?: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = "gauntlet.judge-token";

/** Fetches JSON, turning non-2xx answers into ApiError with the server's message. */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...(init.headers ?? {}) } });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const b = (body ?? {}) as { error?: string; reason?: string; message?: string };
    throw new ApiError(res.status, b.error ?? b.message ?? b.reason ?? `${res.status} ${res.statusText}`, b.reason);
  }
  return body as T;
}

/** A judge's anonymous session: created on first use and kept across page loads. */
export class JudgeClient {
  private token: string | null = localStorage.getItem(TOKEN_KEY);

  private async ensureToken(): Promise<string> {
    if (this.token) return this.token;
    const { token } = await getJson<{ token: string }>("/api/sessions", { method: "POST" });
    localStorage.setItem(TOKEN_KEY, token);
    this.token = token;
    return token;
  }

  /** Calls the API as this judge, starting a fresh session once if the old one is unknown (401 means only that). */
  private async call<T>(url: string, init: RequestInit = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.ensureToken();
      try {
        return await getJson<T>(url, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401 && attempt === 0) {
          localStorage.removeItem(TOKEN_KEY);
          this.token = null;
          continue;
        }
        throw err;
      }
    }
  }

  /** The next blind pair; throws NoPairError when there is none for this judge. */
  async nextPair(): Promise<Pair> {
    try {
      return await this.call<Pair>("/api/pairs/next");
    } catch (err) {
      if (err instanceof ApiError && (err.reason === "no-pairs" || err.reason === "daily-cap")) throw new NoPairError(err.reason);
      throw err;
    }
  }

  /** Casts the vote on an assignment; the answer reveals both policies. */
  async vote(assignment: string, choice: Choice, reason?: string): Promise<Reveal> {
    const body = JSON.stringify({ assignment, choice, ...(reason ? { reason } : {}) });
    const res = await this.call<{ accepted: boolean; reveal: Reveal }>("/api/votes", { method: "POST", body, headers: { "content-type": "application/json" } });
    return res.reveal;
  }
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface RunEpisode {
  id: string;
  policy: string;
  scene: string;
  task: string;
  seed: number;
  success: boolean;
  status: string;
  video: string;
  videos?: Record<string, string>;
  replay?: string;
}

/** A replayable episode: what the robot did and saw, without who did it. */
export interface Replay {
  scene: string;
  task: string;
  instruction: string;
  /** Per observation: [x, y, z, roll, pitch, yaw, gripper] of the tool in the robot base frame. */
  states: number[][];
  actions: number[][];
  successes: boolean[];
  progress?: number[];
  /** The full scene (e.g. a perturbed one), when the server sends it; else `scene` is looked up among the bundled scene files. */
  sceneSpec?: unknown;
  /** The episode's seed, when the server sends it; else the page's address gives it. */
  seed?: number;
}

/** The public leaderboard. */
export function fetchLeaderboard(): Promise<Leaderboard> {
  return getJson<Leaderboard>("/api/leaderboard");
}

/** Every imported episode, for the run browser. */
export async function fetchRuns(): Promise<RunEpisode[]> {
  return (await getJson<{ episodes: RunEpisode[] }>("/api/runs")).episodes;
}

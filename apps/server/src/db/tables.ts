/** The arena's rows and their multi-row inserts (one statement per batch, via unnest of column arrays). */
import type { Queryable } from "./database";
import type { BatchTable } from "./group-commit";

export type Choice = "left" | "right" | "tie" | "both-failed";
export const CHOICES: readonly Choice[] = ["left", "right", "tie", "both-failed"];

export interface JudgeRow {
  id: string;
  createdAt: Date;
}

export interface AssignmentRow {
  id: string;
  judge: string;
  left: string;
  right: string;
  pairKey: string;
  gold: boolean;
  createdAt: Date;
  expiresAt: Date;
}

export interface VoteRow {
  assignment: string;
  judge: string;
  choice: Choice;
  reason: string | null;
  createdAt: Date;
}

export interface EpisodeRow {
  id: string;
  scene: string;
  seed: number;
  policy: string;
  task: string;
  instruction: string;
  envId: string;
  backend: string;
  status: string;
  success: boolean;
  steps: number;
  /** Absolute folder holding record.json and the videos. */
  dir: string;
  /** Camera name → video file name inside `dir`, in the record's camera order. */
  cameras: Array<{ camera: string; video: string }>;
  runDir: string;
}

const iso = (d: Date) => d.toISOString();

export const judgesTable: BatchTable<JudgeRow> = {
  name: "judges",
  columns: [
    { name: "id", type: "text", value: (r) => r.id },
    { name: "created_at", type: "timestamptz", value: (r) => iso(r.createdAt) },
  ],
  conflict: "ON CONFLICT (id) DO NOTHING",
  returning: "id",
  key: (r) => r.id,
};

export const assignmentsTable: BatchTable<AssignmentRow> = {
  name: "assignments",
  columns: [
    { name: "id", type: "text", value: (r) => r.id },
    { name: "judge_id", type: "text", value: (r) => r.judge },
    { name: "left_episode", type: "text", value: (r) => r.left },
    { name: "right_episode", type: "text", value: (r) => r.right },
    { name: "pair_key", type: "text", value: (r) => r.pairKey },
    { name: "gold", type: "boolean", value: (r) => r.gold },
    { name: "created_at", type: "timestamptz", value: (r) => iso(r.createdAt) },
    { name: "expires_at", type: "timestamptz", value: (r) => iso(r.expiresAt) },
  ],
  // Either the id or (judge, pair) may conflict; both mean "not inserted".
  conflict: "ON CONFLICT DO NOTHING",
  returning: "id",
  key: (r) => r.id,
};

export const votesTable: BatchTable<VoteRow> = {
  name: "votes",
  columns: [
    { name: "assignment_id", type: "text", value: (r) => r.assignment },
    { name: "judge_id", type: "text", value: (r) => r.judge },
    { name: "choice", type: "text", value: (r) => r.choice },
    { name: "reason", type: "text", value: (r) => r.reason },
    { name: "created_at", type: "timestamptz", value: (r) => iso(r.createdAt) },
  ],
  conflict: "ON CONFLICT (assignment_id) DO NOTHING",
  returning: "assignment_id",
  key: (r) => r.assignment,
};

export const episodesTable: BatchTable<EpisodeRow> = {
  name: "episodes",
  columns: [
    { name: "id", type: "text", value: (r) => r.id },
    { name: "scene", type: "text", value: (r) => r.scene },
    { name: "seed", type: "integer", value: (r) => r.seed },
    { name: "policy", type: "text", value: (r) => r.policy },
    { name: "task", type: "text", value: (r) => r.task },
    { name: "instruction", type: "text", value: (r) => r.instruction },
    { name: "env_id", type: "text", value: (r) => r.envId },
    { name: "backend", type: "text", value: (r) => r.backend },
    { name: "status", type: "text", value: (r) => r.status },
    { name: "success", type: "boolean", value: (r) => r.success },
    { name: "steps", type: "integer", value: (r) => r.steps },
    { name: "dir", type: "text", value: (r) => r.dir },
    { name: "cameras", type: "text", value: (r) => JSON.stringify(r.cameras) },
    { name: "run_dir", type: "text", value: (r) => r.runDir },
  ],
  // A re-import keeps the first copy of each (scene, seed, policy).
  conflict: "ON CONFLICT DO NOTHING",
  returning: "id",
  key: (r) => r.id,
};

/** Every imported episode. */
export async function loadEpisodes(db: Queryable): Promise<EpisodeRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, scene, seed, policy, task, instruction, env_id, backend, status, success, steps, dir, cameras, run_dir FROM episodes ORDER BY id`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    scene: r.scene as string,
    seed: Number(r.seed),
    policy: r.policy as string,
    task: r.task as string,
    instruction: r.instruction as string,
    envId: r.env_id as string,
    backend: r.backend as string,
    status: r.status as string,
    success: r.success as boolean,
    steps: Number(r.steps),
    dir: r.dir as string,
    cameras: JSON.parse(r.cameras as string),
    runDir: r.run_dir as string,
  }));
}

/** A committed vote with what it was about, oldest first. */
export interface StoredVote {
  id: number;
  assignment: string;
  judge: string;
  left: string;
  right: string;
  gold: boolean;
  choice: Choice;
  reason: string | null;
  createdAt: Date;
}

/** Every committed vote joined with its assignment, in commit order. */
export async function loadVotes(db: Queryable): Promise<StoredVote[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT v.id::float8 AS id, v.assignment_id, v.judge_id, a.left_episode, a.right_episode, a.gold, v.choice, v.reason, v.created_at
     FROM votes v JOIN assignments a ON a.id = v.assignment_id ORDER BY v.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    assignment: r.assignment_id as string,
    judge: r.judge_id as string,
    left: r.left_episode as string,
    right: r.right_episode as string,
    gold: r.gold as boolean,
    choice: r.choice as Choice,
    reason: (r.reason as string | null) ?? null,
    createdAt: new Date(r.created_at as string | Date),
  }));
}

/** One assignment by id, with whether it has been voted on. */
export async function loadAssignment(db: Queryable, id: string): Promise<(AssignmentRow & { voted: boolean }) | undefined> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT a.id, a.judge_id, a.left_episode, a.right_episode, a.pair_key, a.gold, a.created_at, a.expires_at, (v.id IS NOT NULL) AS voted
     FROM assignments a LEFT JOIN votes v ON v.assignment_id = a.id WHERE a.id = $1`,
    [id],
  );
  if (!r) return undefined;
  return {
    id: r.id as string,
    judge: r.judge_id as string,
    left: r.left_episode as string,
    right: r.right_episode as string,
    pairKey: r.pair_key as string,
    gold: r.gold as boolean,
    createdAt: new Date(r.created_at as string | Date),
    expiresAt: new Date(r.expires_at as string | Date),
    voted: r.voted as boolean,
  };
}

/** The pair keys a judge has been shown, how many since `since`, and the episodes revealed to them by their votes. */
export async function loadJudgeHistory(
  db: Queryable,
  judge: string,
  since: Date,
): Promise<{ pairKeys: string[]; issuedSince: number; revealedEpisodes: string[] }> {
  const rows = await db.query<{ pair_key: string; recent: boolean; left_episode: string; right_episode: string; voted: boolean }>(
    `SELECT a.pair_key, a.created_at >= $2::timestamptz AS recent, a.left_episode, a.right_episode, v.id IS NOT NULL AS voted
       FROM assignments a LEFT JOIN votes v ON v.assignment_id = a.id WHERE a.judge_id = $1`,
    [judge, since.toISOString()],
  );
  return {
    pairKeys: rows.map((r) => r.pair_key),
    issuedSince: rows.filter((r) => r.recent).length,
    // A vote is answered with both sides' policies: those episodes are no longer blind to this judge.
    revealedEpisodes: rows.filter((r) => r.voted).flatMap((r) => [r.left_episode, r.right_episode]),
  };
}

/** A setting, created with `make()` on first use (e.g. the token secret). */
export async function getOrCreateSetting(db: Queryable, key: string, make: () => string): Promise<string> {
  await db.query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [key, make()]);
  const [row] = await db.query<{ value: string }>("SELECT value FROM settings WHERE key = $1", [key]);
  return row.value;
}

/**
 * The arena's schema, as an ordered list of migrations. Each runs once, in a transaction, and is
 * recorded in arena_migrations; append new ones, never edit applied ones.
 */
import type { Database } from "./database";

export const MIGRATIONS: string[][] = [
  [
    `CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL)`,
    // One row per imported episode; (scene, seed, policy) identifies it across re-imports.
    `CREATE TABLE episodes (
      id text PRIMARY KEY,
      scene text NOT NULL,
      seed integer NOT NULL,
      policy text NOT NULL,
      task text NOT NULL,
      instruction text NOT NULL,
      env_id text NOT NULL,
      backend text NOT NULL,
      status text NOT NULL,
      success boolean NOT NULL,
      steps integer NOT NULL,
      dir text NOT NULL,
      cameras text NOT NULL,
      run_dir text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (scene, seed, policy)
    )`,
    `CREATE TABLE judges (id text PRIMARY KEY, created_at timestamptz NOT NULL)`,
    // A pair shown to a judge; pair_key is (scene, seed, unordered policies), unique per judge.
    `CREATE TABLE assignments (
      id text PRIMARY KEY,
      judge_id text NOT NULL REFERENCES judges (id),
      left_episode text NOT NULL REFERENCES episodes (id),
      right_episode text NOT NULL REFERENCES episodes (id),
      pair_key text NOT NULL,
      gold boolean NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      UNIQUE (judge_id, pair_key)
    )`,
    `CREATE INDEX assignments_judge_created ON assignments (judge_id, created_at)`,
    `CREATE TABLE votes (
      id bigserial PRIMARY KEY,
      assignment_id text NOT NULL UNIQUE REFERENCES assignments (id),
      judge_id text NOT NULL REFERENCES judges (id),
      choice text NOT NULL CHECK (choice IN ('left', 'right', 'tie', 'both-failed')),
      reason text,
      created_at timestamptz NOT NULL
    )`,
  ],
];

/** Applies the migrations not yet recorded, each in its own transaction. */
export async function migrate(db: Database): Promise<void> {
  await db.query("CREATE TABLE IF NOT EXISTS arena_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const rows = await db.query<{ version: number }>("SELECT version FROM arena_migrations");
  const applied = new Set(rows.map((r) => r.version));
  for (const [index, statements] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (applied.has(version)) continue;
    await db.transaction(async (tx) => {
      for (const sql of statements) await tx.query(sql);
      await tx.query("INSERT INTO arena_migrations (version) VALUES ($1)", [version]);
    });
  }
}

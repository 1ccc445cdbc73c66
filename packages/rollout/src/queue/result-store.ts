/**
 * The shared result store of distributed runs, in PostgreSQL: one row per episode keyed by
 * (run, job id), its record as the exact JSON text a local run writes, and its MP4s as bytea.
 * Writes are idempotent: the first complete result of a job wins and a re-delivered job's second
 * result is only counted (`duplicate_writes`). A coordinator that starts discards errored
 * episodes first, so they are retried, as a resumed local run retries them.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type pg from "pg";
import { connectPostgres } from "./connect";

/** One finished episode as a worker ships it. */
export interface StoredEpisode {
  id: string;
  status: string;
  /** `JSON.stringify(record)`, byte for byte what the local run folder holds. */
  recordJson: string;
  /** The episode folder's files besides record.json: one MP4 per camera. */
  videos: { file: string; bytes: Uint8Array }[];
}

/** Progress of one run as the store sees it, across every worker. */
export interface RunProgress {
  run: string;
  planned: number;
  stored: number;
  errored: number;
  duplicateWrites: number;
  /** Episodes per second over the last minute (or since the first episode, if sooner). */
  throughput: number;
  /** Seconds left at that throughput; null when nothing is moving. */
  etaSeconds: number | null;
  updatedAt: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rollout_runs (
  run text PRIMARY KEY,
  planned integer NOT NULL,
  config json NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS rollout_episodes (
  run text NOT NULL,
  job_id text NOT NULL,
  status text NOT NULL,
  record json NOT NULL,
  worker text NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  duplicate_writes integer NOT NULL DEFAULT 0,
  PRIMARY KEY (run, job_id)
);
CREATE TABLE IF NOT EXISTS rollout_videos (
  run text NOT NULL,
  job_id text NOT NULL,
  file text NOT NULL,
  mp4 bytea NOT NULL,
  PRIMARY KEY (run, job_id, file),
  FOREIGN KEY (run, job_id) REFERENCES rollout_episodes ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS rollout_episodes_recent ON rollout_episodes (run, stored_at);
`;
// Workers start together and all migrate; one lock keeps concurrent CREATE IF NOT EXISTS from racing.
const MIGRATION_LOCK = 73_910_512;
const MATERIALISE_BATCH = 50;

export class EpisodeResultStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects (the error names the url if it cannot) and creates the tables if they are missing. */
  static async open(url: string, field = "--database"): Promise<EpisodeResultStore> {
    const pool = await connectPostgres(url, field);
    const store = new EpisodeResultStore(pool);
    await store.transaction(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await c.query(SCHEMA);
    });
    return store;
  }

  /** Records what a run plans (its config, with input hashes), so every worker and the admin page can see it. */
  async saveRun(run: string, planned: number, config: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO rollout_runs (run, planned, config) VALUES ($1, $2, $3)
       ON CONFLICT (run) DO UPDATE SET planned = EXCLUDED.planned, config = EXCLUDED.config, updated_at = now()`,
      [run, planned, JSON.stringify(config)],
    );
  }

  /** Stores an episode once: "stored" the first time, "duplicate" (counted, not written) when it already holds a result. */
  async put(run: string, episode: StoredEpisode, worker: string): Promise<"stored" | "duplicate"> {
    // One statement, so one round trip and atomic: the videos go in only with a fresh row, a duplicate is only counted.
    const { rows } = await this.pool.query<{ stored: boolean }>(
      `WITH episode AS (
         INSERT INTO rollout_episodes (run, job_id, status, record, worker) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (run, job_id) DO NOTHING RETURNING job_id
       ), videos AS (
         INSERT INTO rollout_videos (run, job_id, file, mp4)
         SELECT $1, job_id, v.file, v.mp4 FROM episode, unnest($6::text[], $7::bytea[]) AS v(file, mp4)
       ), duplicate AS (
         UPDATE rollout_episodes SET duplicate_writes = duplicate_writes + 1
          WHERE run = $1 AND job_id = $2 AND NOT EXISTS (SELECT 1 FROM episode)
       )
       SELECT EXISTS (SELECT 1 FROM episode) AS stored`,
      [run, episode.id, episode.status, episode.recordJson, worker, episode.videos.map((v) => v.file), episode.videos.map((v) => Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength))],
    );
    return rows[0].stored ? "stored" : "duplicate";
  }

  /** Deletes a run's errored episodes (so they run again); returns how many. */
  async discardErrored(run: string): Promise<number> {
    const { rowCount } = await this.pool.query("DELETE FROM rollout_episodes WHERE run = $1 AND status = 'errored'", [run]);
    return rowCount ?? 0;
  }

  /** Status of every stored episode of a run (or of the given ids only), by job id. */
  async statuses(run: string, ids?: string[]): Promise<Map<string, string>> {
    const { rows } = ids
      ? await this.pool.query<{ job_id: string; status: string }>("SELECT job_id, status FROM rollout_episodes WHERE run = $1 AND job_id = ANY($2)", [run, ids])
      : await this.pool.query<{ job_id: string; status: string }>("SELECT job_id, status FROM rollout_episodes WHERE run = $1", [run]);
    return new Map(rows.map((r) => [r.job_id, r.status]));
  }

  /** Writes the given episodes of a run into a local run folder, laid out exactly as a local run writes it. */
  async materialise(run: string, ids: string[], dir: string): Promise<number> {
    let written = 0;
    for (let i = 0; i < ids.length; i += MATERIALISE_BATCH) {
      const batch = ids.slice(i, i + MATERIALISE_BATCH);
      const records = await this.pool.query<{ job_id: string; record: string }>("SELECT job_id, record::text AS record FROM rollout_episodes WHERE run = $1 AND job_id = ANY($2)", [run, batch]);
      const videos = await this.pool.query<{ job_id: string; file: string; mp4: Buffer }>("SELECT job_id, file, mp4 FROM rollout_videos WHERE run = $1 AND job_id = ANY($2)", [run, batch]);
      for (const v of videos.rows) {
        await mkdir(join(dir, "episodes", v.job_id), { recursive: true });
        await writeFile(join(dir, "episodes", v.job_id, v.file), v.mp4);
      }
      for (const r of records.rows) {
        // The record goes last, through a rename, as in EpisodeStore: a record on disk means a complete episode.
        const folder = join(dir, "episodes", r.job_id);
        await mkdir(folder, { recursive: true });
        await writeFile(join(folder, "record.json.tmp"), `${r.record}\n`);
        await rename(join(folder, "record.json.tmp"), join(folder, "record.json"));
        written++;
      }
    }
    return written;
  }

  /** Progress of the most recently updated runs (or of one run), throughput and time left included. */
  async progress(run?: string, limit = 20): Promise<RunProgress[]> {
    const { rows } = await this.pool.query(
      `SELECT r.run, r.planned, r.updated_at,
              count(e.job_id)::int AS stored,
              count(*) FILTER (WHERE e.status = 'errored')::int AS errored,
              coalesce(sum(e.duplicate_writes), 0)::int AS duplicates,
              count(*) FILTER (WHERE e.stored_at > now() - interval '60 seconds')::int AS recent,
              extract(epoch FROM now() - min(e.stored_at))::float8 AS since_first
         FROM rollout_runs r LEFT JOIN rollout_episodes e USING (run)
        WHERE $1::text IS NULL OR r.run = $1
        GROUP BY r.run ORDER BY r.updated_at DESC LIMIT $2`,
      [run ?? null, limit],
    );
    return rows.map((r) => {
      const window = Math.min(60, Math.max(r.since_first ?? 0, 1));
      const throughput = r.recent / window;
      const left = Math.max(0, r.planned - r.stored);
      return {
        run: r.run,
        planned: r.planned,
        stored: r.stored,
        errored: r.errored,
        duplicateWrites: r.duplicates,
        throughput,
        etaSeconds: left === 0 ? 0 : throughput > 0 ? left / throughput : null,
        updatedAt: new Date(r.updated_at).toISOString(),
      };
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/**
 * Group commit: rows written while a commit is in flight wait, then all of them go in the next commit,
 * as ONE statement: a multi-row INSERT per table (unnest of column arrays), chained as data-modifying
 * CTEs, which PostgreSQL runs atomically. A caller's promise resolves only after that statement has
 * committed, so an acknowledged write is durable, and the commit's cost (on PGlite mostly per statement
 * and per WAL flush) is shared by every write in the batch. Under load the batches grow by themselves.
 */
import type { Database, Queryable } from "./database";

/** A table's batch insert: column names, their SQL types and how to read them off a row. */
export interface BatchTable<Row> {
  readonly name: string;
  readonly columns: ReadonlyArray<{ name: string; type: string; value(row: Row): unknown }>;
  /** Conflict clause, e.g. "ON CONFLICT (id) DO NOTHING". */
  readonly conflict: string;
  /** The column identifying an inserted row (RETURNING it), matched against key(row). */
  readonly returning: string;
  key(row: Row): string;
}

/** Inserts rows of one table in one statement; returns the keys of the rows inserted (conflicts left out). */
export async function insertBatch<Row>(db: Queryable, table: BatchTable<Row>, rows: Row[]): Promise<Set<string>> {
  const { sql, params } = batchStatement([[table as BatchTable<unknown>, rows]]);
  const result = await db.query<{ t: string; k: string }>(sql, params);
  return new Set(result.map((r) => r.k));
}

/** One statement inserting every table's rows: WITH t0 AS (INSERT … RETURNING …), t1 AS (…) SELECT …. */
function batchStatement(groups: Array<[BatchTable<unknown>, unknown[]]>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const ctes: string[] = [];
  const selects: string[] = [];
  for (const [k, [table, rows]] of groups.entries()) {
    const args = table.columns.map((c) => {
      params.push(rows.map((row) => c.value(row)));
      return `$${params.length}::${c.type}[]`;
    });
    const names = table.columns.map((c) => c.name).join(", ");
    ctes.push(`t${k} AS (INSERT INTO ${table.name} (${names}) SELECT * FROM unnest(${args.join(", ")}) ${table.conflict} RETURNING ${table.returning} AS k)`);
    selects.push(`SELECT ${k} AS t, k FROM t${k}`);
  }
  return { sql: `WITH ${ctes.join(", ")} ${selects.join(" UNION ALL ")}`, params };
}

interface Pending {
  table: BatchTable<unknown>;
  row: unknown;
  resolve(inserted: boolean): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** Transactions committed and rows written, for the bench. */
  readonly stats = { commits: 0, rows: 0, largestBatch: 0 };

  /** Tables in the order their rows are inserted within a transaction (parents before children). */
  constructor(
    private readonly db: Database,
    private readonly order: BatchTable<never>[],
  ) {}

  /** Queues a row; resolves true once committed, false if it conflicted with an existing row. */
  insert<Row>(table: BatchTable<Row>, row: Row): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ table: table as BatchTable<unknown>, row, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Resolves when everything queued so far is committed. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    // Let the current tick's writes join the first batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.commit(batch);
      } catch {
        // One bad row must not fail its neighbours: retry each on its own, so only it gets the error.
        for (const item of batch) await this.commit([item]).catch((err) => item.reject(err));
      }
    }
    this.flushing = null;
  }

  private async commit(batch: Pending[]): Promise<void> {
    const groups: Array<[BatchTable<unknown>, Pending[]]> = [];
    for (const table of this.order as BatchTable<unknown>[]) {
      const items = batch.filter((p) => p.table === table);
      if (items.length > 0) groups.push([table, items]);
    }
    const { sql, params } = batchStatement(groups.map(([table, items]) => [table, items.map((p) => p.row)]));
    const rows = await this.db.query<{ t: number; k: string }>(sql, params);
    const keys = groups.map(() => new Set<string>());
    for (const r of rows) keys[Number(r.t)].add(r.k);
    const results = new Map<Pending, boolean>();
    for (const [g, [table, items]] of groups.entries()) for (const p of items) results.set(p, keys[g].has(table.key(p.row)));
    this.stats.commits++;
    this.stats.rows += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    for (const p of batch) {
      const ok = results.get(p);
      if (ok === undefined) p.reject(new Error(`group commit: table "${p.table.name}" is not registered`));
      else p.resolve(ok);
    }
  }
}

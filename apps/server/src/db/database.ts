/**
 * One small query interface over the two storages of the arena: PGlite (PostgreSQL in WebAssembly,
 * persisted to a folder; the default) and a real PostgreSQL server (when a connection URL is given).
 * Both run the same SQL, so the schema, the migrations and every query are written once.
 */
export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the database; idempotent. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Folder of the embedded database; created if missing. Used when `databaseUrl` is not set. */
  dataDir?: string;
  /** postgres://… connection URL of a PostgreSQL server; wins over `dataDir`. */
  databaseUrl?: string;
}

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir`, and applies the migrations. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { migrate } = await import("./migrations");
  let db: Database;
  if (options.databaseUrl) {
    const { openPostgres } = await import("./postgres");
    db = await openPostgres(options.databaseUrl);
  } else {
    if (!options.dataDir) throw new Error("openDatabase: give dataDir (embedded database folder) or databaseUrl (PostgreSQL)");
    const { openPglite } = await import("./pglite");
    db = await openPglite(options.dataDir);
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

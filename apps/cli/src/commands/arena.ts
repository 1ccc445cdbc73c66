/**
 * `gauntlet arena`: the pairwise human-preference arena (apps/server) over a data folder or PostgreSQL.
 *
 *   gauntlet arena --import runs/default                      # embedded database in .gauntlet/arena, http://127.0.0.1:8788/
 *   gauntlet arena --data /srv/arena --port 8080 --web apps/web/dist   # a web build of your own (default: built from apps/web)
 *   gauntlet arena --queue redis://127.0.0.1:6379 --database-url postgres://…   # plus the rollout queue's admin page
 *   DATABASE_URL=postgres://arena@db/arena gauntlet arena --admin-token "$TOKEN"
 *   gauntlet arena --import runs/default --no-serve           # import, print the counts, exit
 *   gauntlet arena --import runs/default --public-runs        # local, single user: run browser and /reports/<run>/ without the admin token
 *
 * The run browser and the run reports name each episode's policy, so by default they sit behind the admin
 * token (reports are not served at all): public, they would let a judge look a blind pair up.
 */
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createQueueAdmin } from "@gauntlet/server/queue-admin";
import { startArenaServer } from "@gauntlet/server";
import { buildWeb } from "@gauntlet/web/build";
import express from "express";
import { positiveInt } from "./rollout";

/** Starts the arena server until SIGINT/SIGTERM (or imports and exits with --no-serve). */
export async function arena(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: "string", default: ".gauntlet/arena" },
      "database-url": { type: "string" },
      port: { type: "string", default: process.env.PORT ?? "8788" },
      host: { type: "string", default: "127.0.0.1" },
      import: { type: "string", multiple: true, default: [] },
      web: { type: "string" },
      queue: { type: "string" },
      "admin-token": { type: "string" },
      "daily-cap": { type: "string" },
      "gold-rate": { type: "string" },
      "rate-limits": { type: "string" },
      "no-serve": { type: "boolean", default: false },
      "public-runs": { type: "boolean", default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected an integer in 0..65535, got ${values.port}`);
  const goldRate = values["gold-rate"] === undefined ? undefined : Number(values["gold-rate"]);
  if (goldRate !== undefined && !(goldRate >= 0 && goldRate <= 1)) throw new Error(`--gold-rate: expected a number in [0, 1], got ${values["gold-rate"]}`);
  if (values["rate-limits"] !== undefined && values["rate-limits"] !== "off") throw new Error(`--rate-limits: only "off" is accepted (for load tests), got ${values["rate-limits"]}`);
  const databaseUrl = values["database-url"] ?? process.env.DATABASE_URL;
  if (values.queue && !databaseUrl) throw new Error("--queue: the queue's results live in PostgreSQL; pass --database-url (or set DATABASE_URL) too");
  const dailyCap = values["daily-cap"] ? positiveInt(values["daily-cap"], "--daily-cap") : undefined;
  const publicRuns = values["public-runs"];
  // Each imported run's own report and episode browser, next to the arena that judges it (record.json names policies).
  const reports = publicRuns
    ? values.import.map((dir) => ({ path: `/reports/${basename(resolve(dir))}`, router: express.Router().use(express.static(dir, { index: "report.html" })) }))
    : [];
  const queueAdmin = values.queue && databaseUrl ? await createQueueAdmin({ queueUrl: values.queue, databaseUrl, statusUrl: "/api/admin/queue/status.json" }) : undefined;
  let server: Awaited<ReturnType<typeof startArenaServer>>;
  try {
    const web = values.web ?? (await buildWeb()).outDir;
    server = await startArenaServer({
      dataDir: values.data,
      databaseUrl,
      port,
      host: values.host,
      importRuns: values.import,
      webDir: web,
      // The queue page is public but empty; its data (run names, worker addresses) needs the admin token.
      routers: [...reports, ...(queueAdmin ? [{ path: "/admin/queue", router: queueAdmin.page }, { path: "/api/admin/queue", router: queueAdmin.status, admin: true }] : [])],
      publicRuns,
      adminToken: values["admin-token"],
      dailyCap,
      goldRate,
      rateLimits: values["rate-limits"] === "off" ? { ip: false, session: false, newSessions: false } : undefined,
    });
  } catch (err) {
    // The queue admin holds Redis and PostgreSQL connections that would keep the process alive.
    await queueAdmin?.close();
    throw err;
  }
  for (const result of server.imports) {
    console.log(`imported ${result.runDir}: ${result.added} new, ${result.alreadyPresent} already present, ${result.skipped.length} skipped`);
    for (const s of result.skipped.slice(0, 10)) console.log(`  skipped ${s.episode}: ${s.reason}`);
  }
  const closeAll = () => Promise.all([server.close(), queueAdmin?.close()]).then(() => undefined);
  if (values["no-serve"]) return closeAll();
  const generated = !values["admin-token"] && !process.env.GAUNTLET_ADMIN_TOKEN;
  console.log(`arena (${server.arena.db.kind}, ${server.arena.catalog.episodes.size} episodes, ${server.arena.votes.length} votes) listening at ${server.url}`);
  if (!publicRuns) console.log("run browser: behind the admin token (pass --public-runs for a local, single-user arena)");
  for (const r of reports) console.log(`report: ${server.url}${r.path}/`);
  if (queueAdmin) console.log(`rollout queue progress: ${server.url}/admin/queue/#token=<admin token>`);
  if (generated) console.log(`admin token (set GAUNTLET_ADMIN_TOKEN to choose one): ${server.adminToken}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      console.log("arena: shutting down");
      closeAll().then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

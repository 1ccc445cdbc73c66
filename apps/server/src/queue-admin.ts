/**
 * The queue's admin page: progress, throughput and time left of every distributed run, across all
 * workers, plus BullMQ's job counts and the connected workers. Mount it anywhere:
 *
 *   const admin = await createQueueAdmin({ queueUrl: "redis://127.0.0.1:6379", databaseUrl: "postgres://…", statusUrl: "/api/admin/queue/status.json" });
 *   app.use("/admin/queue", admin.page);                  // GET /admin/queue/: the page, no data in it
 *   app.use("/api/admin/queue", requireAdmin, admin.status); // GET /api/admin/queue/status.json: run names, worker addresses
 *   ...; await admin.close();
 *
 * The page sends the admin token it finds in its address (`/admin/queue/#token=…`, then kept in
 * sessionStorage and removed from the address bar) as a bearer token.
 */
import { openQueueMonitor } from "@gauntlet/rollout/queue";
import { type Request, type Response, Router } from "express";

export interface QueueAdmin {
  /** The HTML page (public: it holds no data). */
  page: Router;
  /** GET /status.json; mount it behind the admin token. */
  status: Router;
  close(): Promise<void>;
}

/** Connects to the queue and the result store (errors name the url) and returns the page and status routers. */
export async function createQueueAdmin(opts: { queueUrl: string; databaseUrl: string; statusUrl: string }): Promise<QueueAdmin> {
  const monitor = await openQueueMonitor(opts.queueUrl, opts.databaseUrl);
  const status = Router();
  status.get("/status.json", async (_req: Request, res: Response) => {
    try {
      res.json(await monitor.status());
    } catch (err) {
      res.status(503).json({ error: `queue status unavailable: ${(err as Error).message}` });
    }
  });
  const page = Router();
  page.get("/", (_req: Request, res: Response) => {
    res.type("html").send(adminPage(opts.statusUrl));
  });
  return { page, status, close: () => monitor.close() };
}

/** A self-refreshing page; values are set as text, never as HTML. */
function adminPage(statusUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gauntlet queue</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin-bottom:1.5rem}td,th{padding:.35rem .7rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.bar{width:160px;height:10px;background:#eee;border-radius:5px;overflow:hidden}
.bar>div{height:100%;background:#1a73e8}.muted{color:#777}
</style></head><body>
<h1>Gauntlet queue</h1>
<p id="jobs" class="muted">loading…</p>
<h2>Runs</h2>
<table><thead><tr><th>run</th><th>progress</th><th>stored / planned</th><th>errored</th><th>duplicate deliveries</th><th>episodes/s</th><th>time left</th></tr></thead><tbody id="runs"></tbody></table>
<h2>Workers</h2>
<table><thead><tr><th>name</th><th>address</th></tr></thead><tbody id="workers"></tbody></table>
<script>
const statusUrl = ${JSON.stringify(statusUrl).replace(/</g, "\\u003c")};
const cell = (text, cls) => { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; return td; };
const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromHash) { sessionStorage.setItem("gauntlet-admin-token", fromHash); history.replaceState(null, "", location.pathname); }
const token = sessionStorage.getItem("gauntlet-admin-token");
const eta = (s) => s === null ? "--" : s < 60 ? Math.round(s) + "s" : Math.floor(s / 60) + "m" + String(Math.round(s % 60)).padStart(2, "0") + "s";
async function refresh() {
  try {
    const res = await fetch(statusUrl, { headers: token ? { authorization: "Bearer " + token } : {} });
    if (res.status === 401) throw new Error("This page needs the admin token: open it as " + location.pathname + "#token=<admin token>");
    const s = await res.json();
    if (s.error) throw new Error(s.error);
    document.getElementById("jobs").textContent = "jobs: " + s.jobs.waiting + " waiting, " + s.jobs.active + " running, " + s.jobs.delayed + " delayed, " + s.jobs.failed + " failed · " + s.workers.length + " worker(s) · " + new Date(s.at).toLocaleTimeString();
    document.getElementById("runs").replaceChildren(...s.runs.map((r) => {
      const tr = document.createElement("tr");
      const bar = document.createElement("td"); bar.innerHTML = '<div class="bar"><div></div></div>';
      bar.firstChild.firstChild.style.width = (100 * r.stored / Math.max(r.planned, 1)).toFixed(1) + "%";
      tr.append(cell(r.run), bar, cell(r.stored + " / " + r.planned, "n"), cell(String(r.errored), "n"), cell(String(r.duplicateWrites), "n"), cell(r.throughput.toFixed(2), "n"), cell(eta(r.etaSeconds), "n"));
      return tr;
    }));
    document.getElementById("workers").replaceChildren(...s.workers.map((w) => { const tr = document.createElement("tr"); tr.append(cell(w.name), cell(w.addr)); return tr; }));
  } catch (err) {
    document.getElementById("jobs").textContent = String(err.message || err);
  }
}
refresh();
setInterval(refresh, 2000);
</script></body></html>
`;
}

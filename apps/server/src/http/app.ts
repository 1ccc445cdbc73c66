/**
 * The arena's HTTP API (documented in apps/server/API.md) as an express app over an Arena. Handlers stay
 * thin: validate (zod), call the arena, send JSON. Errors become `{ error, reason }` with a 4xx status;
 * anything unexpected is logged here and answered 500 without details.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from "express";
import type { Arena } from "../arena";
import { ArenaError } from "../errors";
import { exportVotes } from "./export";
import { type RateLimit, RateLimiter, rateLimit } from "./rate-limit";
import { exportQuery, importBody, parse, runsQuery, sessionBody, voteBody } from "./schemas";

export interface AppOptions {
  /** Bearer token of the admin routes. */
  adminToken: string;
  /** Folder of the web build, served at `/` (with an index.html fallback for client-side routes). */
  webDir?: string;
  /**
   * Per-IP and per-session limits, plus new sessions per IP (so fresh sessions cannot dodge the daily cap);
   * `false` turns one off. Defaults: IP 100/s (burst 400), session 10/s (burst 40), new sessions 0.5/s (burst 20).
   */
  rateLimits?: { ip?: RateLimit | false; session?: RateLimit | false; newSessions?: RateLimit | false };
  /** Extra routers mounted under their path before the API's 404; `admin: true` puts them behind the admin token. */
  routers?: Array<{ path: string; router: Router; admin?: boolean }>;
  /**
   * Serves the run browser (`/api/runs`, `/api/episodes/...`) without the admin token. Off by default: it names
   * each episode's policy, so a judge could match a blind pair against it. For local single-user arenas.
   */
  publicRuns?: boolean;
}

/** Builds the express app of an arena. */
export function createArenaApp(arena: Arena, options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // No ETags anywhere: on media they would tie two opaque ids to one file.
  app.disable("etag");
  app.set("trust proxy", false);
  app.use(securityHeaders);
  const ipLimit = options.rateLimits?.ip ?? { perSecond: 100, burst: 400 };
  const sessionLimit = options.rateLimits?.session ?? { perSecond: 10, burst: 40 };
  if (ipLimit) app.use("/api", rateLimit(new RateLimiter(ipLimit), (req) => req.socket.remoteAddress ?? "unknown", "address"));
  const perSession = sessionLimit ? rateLimit(new RateLimiter(sessionLimit), (req) => bearer(req), "session") : pass;
  const newSessionLimit = options.rateLimits?.newSessions ?? { perSecond: 0.5, burst: 20 };
  const newSessions = newSessionLimit ? rateLimit(new RateLimiter(newSessionLimit), (req) => req.socket.remoteAddress ?? "unknown", "address") : pass;
  app.use("/api", express.json({ limit: "16kb" }));

  const judge = (req: Request) => {
    const token = bearer(req);
    if (!token) throw new ArenaError(401, "unauthorized", "Authorization: expected `Bearer <session token>` from POST /api/sessions");
    return arena.judgeOf(token);
  };
  const admin = (req: Request, _res: Response, next: NextFunction) => {
    if (!sameSecret(bearer(req), options.adminToken)) throw new ArenaError(401, "unauthorized", "Authorization: expected `Bearer <admin token>`");
    next();
  };
  const runs: RequestHandler<{ id: string }> = options.publicRuns ? pass : admin;
  // A client that stops reading (a video seek, a closed tab) aborts sendFile: nothing to report.
  const sent = (res: Response, next: NextFunction) => (err?: Error) => {
    if (err && (err as { code?: string }).code !== "ECONNABORTED" && !res.headersSent) next(err);
  };

  app.post("/api/sessions", newSessions, async (req, res) => {
    parse(sessionBody, req.body, "body");
    res.status(201).json({ token: await arena.createSession() });
  });
  app.get("/api/pairs/next", perSession, async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json(await arena.nextPair(judge(req)));
  });
  app.post("/api/votes", perSession, async (req, res) => {
    const body = parse(voteBody, req.body, "body");
    const reveal = await arena.vote(judge(req), body.assignment, body.choice as never, body.reason ?? null);
    res.status(201).json(reveal);
  });
  app.get("/api/media/:id", (req, res, next) => {
    // Range requests (206) come with sendFile; validators off so nothing ties two ids to one file.
    res.sendFile(arena.mediaFile(req.params.id), { etag: false, lastModified: false, cacheControl: false, headers: { "Cache-Control": "private, max-age=3600" } }, sent(res, next));
  });
  app.get("/api/replay/:id", async (req, res) => {
    res.json(await arena.replay(req.params.id));
  });
  app.get("/api/leaderboard", (_req, res) => {
    res.json(arena.leaderboard().leaderboard);
  });
  app.get("/api/runs", runs, (req, res) => {
    const query = parse(runsQuery, req.query, "query");
    const episodes = [...arena.catalog.episodes.values()]
      .filter((e) => (!query.policy || e.policy === query.policy) && (!query.scene || e.scene === query.scene))
      .map((e) => ({
        id: e.id,
        policy: e.policy,
        scene: e.scene,
        task: e.task,
        seed: e.seed,
        success: e.success,
        status: e.status,
        video: `/api/episodes/${encodeURIComponent(e.id)}/video`,
        videos: Object.fromEntries(e.cameras.map((c) => [c.camera, `/api/episodes/${encodeURIComponent(e.id)}/video?camera=${encodeURIComponent(c.camera)}`])),
        replay: `/api/episodes/${encodeURIComponent(e.id)}/replay`,
      }));
    res.json({ episodes });
  });
  app.get("/api/episodes/:id/video", runs, (req, res, next) => {
    const episode = arena.catalog.episodes.get(req.params.id);
    const camera = typeof req.query.camera === "string" ? episode?.cameras.find((c) => c.camera === req.query.camera) : episode?.cameras[0];
    if (!episode || !camera) throw new ArenaError(404, "not-found", "episode or camera: unknown");
    res.sendFile(join(episode.dir, camera.video), sent(res, next));
  });
  app.get("/api/episodes/:id/replay", runs, async (req, res) => {
    res.json(await arena.episodeReplay(req.params.id));
  });
  app.get("/api/health", (_req, res) => {
    res.json({ ok: true, storage: arena.db.kind, episodes: arena.catalog.episodes.size, votes: arena.votes.length, writes: arena.writer.stats });
  });

  app.post("/api/admin/import", admin, async (req, res) => {
    const { runDir } = parse(importBody, req.body, "body");
    try {
      res.json(await arena.importRun(runDir));
    } catch (err) {
      if (err instanceof Error && err.message.startsWith("runDir:")) throw new ArenaError(400, "bad-request", err.message);
      throw err;
    }
  });
  app.get("/api/admin/export", admin, async (req, res) => {
    const { format } = parse(exportQuery, req.query, "query");
    await exportVotes(arena, format, res);
  });
  app.get("/api/admin/judges", admin, (_req, res) => {
    res.json({ judges: [...arena.leaderboard().judges.values()] });
  });

  for (const extra of options.routers ?? []) {
    if (extra.admin) app.use(extra.path, admin, extra.router);
    else app.use(extra.path, extra.router);
  }
  app.use("/api", () => {
    throw new ArenaError(404, "not-found", "no such API route; see apps/server/API.md");
  });

  if (options.webDir) {
    const web = resolve(options.webDir);
    app.use(express.static(web, { index: "index.html" }));
    app.get("/{*path}", (_req, res, next) => {
      if (!existsSync(join(web, "index.html"))) return next();
      res.sendFile(join(web, "index.html"));
    });
  }
  app.use(errorHandler);
  return app;
}

function pass(_req: Request, _res: Response, next: NextFunction) {
  next();
}

/** Constant-time comparison, so response timing does not reveal how much of the admin token was right. */
function sameSecret(given: string | undefined, expected: string): boolean {
  const a = createHash("sha256").update(given ?? "").digest();
  const b = createHash("sha256").update(expected).digest();
  return given !== undefined && timingSafeEqual(a, b);
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
}

/** Cross-origin isolation (onnxruntime-web threads need it) plus the usual hardening headers. */
function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  next();
}

function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
  const e = err as { status?: number; statusCode?: number; type?: string; code?: string; message?: string };
  let status = 500;
  let body = { error: "internal server error", reason: "internal" };
  if (err instanceof ArenaError) {
    status = err.status;
    body = { error: err.message, reason: err.reason };
  } else if (e.type === "entity.parse.failed") {
    status = 400;
    body = { error: "body: not valid JSON", reason: "bad-request" };
  } else if (e.type === "entity.too.large") {
    status = 413;
    body = { error: "body: larger than 16 KiB", reason: "payload-too-large" };
  } else if (e.code === "ENOENT" || e.status === 404 || e.statusCode === 404) {
    status = 404;
    body = { error: "file not found", reason: "not-found" };
  } else if (e.status === 416 || e.statusCode === 416) {
    status = 416;
    body = { error: "Range: not satisfiable", reason: "bad-range" };
  } else {
    console.error(`arena: ${req.method} ${req.path} failed:`, err);
  }
  if (res.headersSent) return res.end();
  res.status(status).json(body);
}

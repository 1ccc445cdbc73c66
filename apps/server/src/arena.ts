/**
 * The arena: anonymous judges, blind pairs, votes, and the leaderboard, over one Database. Every write
 * goes through a group commit and is acknowledged only once committed. The in-memory views (catalog,
 * votes, judges' histories) mirror the database, which is the record; one arena process owns a database.
 */
import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { EpisodeCatalog, pairKey } from "./catalog";
import { type Database, type OpenDatabaseOptions, openDatabase } from "./db/database";
import { GroupCommit, insertBatch } from "./db/group-commit";
import {
  type AssignmentRow,
  assignmentsTable,
  type Choice,
  type EpisodeRow,
  getOrCreateSetting,
  episodesTable,
  judgesTable,
  loadAssignment,
  loadEpisodes,
  loadJudgeHistory,
  loadVotes,
  votesTable,
} from "./db/tables";
import { ArenaError } from "./errors";
import { readRunFolder, type SkippedEpisode } from "./import-run";
import { computeLeaderboard, type LeaderboardResult, type QualityOptions, type RatingModel, type VoteFact } from "./leaderboard";
import { type JudgeHistory, markSeen, pickPair } from "./pair-picker";
import { RatingTally } from "./rating-model";
import { randomId, TokenError, Tokens } from "./tokens";

export interface ArenaOptions extends OpenDatabaseOptions, QualityOptions {
  /** Share of pairs that are gold pairs (success vs failure by the simulator's predicate); default 0.1. */
  goldRate?: number;
  /** Pairs a judge may be given per UTC day; default 200. */
  dailyCap?: number;
  /** ε of the pair selection (uniformly random pairs); default 0.2. */
  epsilon?: number;
  /** How long an assignment (and its media ids) stays valid; default 24 h. */
  assignmentTtlMs?: number;
  /** The leaderboard is recomputed at most this often; default 1000 ms. */
  leaderboardMaxAgeMs?: number;
}

export interface PairSide {
  video: string;
  videos: Record<string, string>;
  replay: string;
}

export interface NextPair {
  assignment: string;
  instruction: string;
  task: string;
  scene: string;
  expiresAt: string;
  left: PairSide;
  right: PairSide;
}

export interface VoteReveal {
  accepted: true;
  /** The seed comes with the reveal: before the vote it would let a judge look the pair up in the run browser. */
  reveal: { seed: number; left: { policy: string; success: boolean }; right: { policy: string; success: boolean } };
}

export interface ImportResult {
  runDir: string;
  episodes: number;
  added: number;
  alreadyPresent: number;
  skipped: SkippedEpisode[];
}

interface JudgeState extends JudgeHistory {
  day: string;
  issuedToday: number;
}

type OpenAssignment = AssignmentRow & { voted: boolean };

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class Arena {
  readonly catalog = new EpisodeCatalog();
  /** Every committed vote, oldest first. */
  readonly votes: VoteFact[] = [];
  private judges = new Map<string, Promise<JudgeState>>();
  private open = new Map<string, OpenAssignment>();
  private tally = new RatingTally();
  private model: RatingModel = { theta: {}, nu: 1, counts: new Map() };
  private cached: { result: LeaderboardResult; votes: number; at: number } | null = null;

  private constructor(
    readonly db: Database,
    readonly writer: GroupCommit,
    readonly tokens: Tokens,
    private readonly options: ArenaOptions,
  ) {}

  /** Opens the database (migrating it) and loads episodes and votes into memory. */
  static async open(options: ArenaOptions): Promise<Arena> {
    const db = await openDatabase(options);
    try {
      const secret = await getOrCreateSetting(db, "token-secret", () => randomId(32));
      const arena = new Arena(db, new GroupCommit(db, [judgesTable, assignmentsTable, votesTable]), new Tokens(secret), options);
      const rows = await loadEpisodes(db);
      arena.catalog.add(rows);
      const episodes = new Map(rows.map((e) => [e.id, e]));
      for (const v of await loadVotes(db)) arena.remember(v.judge, episodes.get(v.left) as EpisodeRow, episodes.get(v.right) as EpisodeRow, v.choice, v.gold);
      arena.model = arena.tally.fit();
      return arena;
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** Imports a run folder; idempotent (an episode is its scene, seed and policy). */
  async importRun(runDir: string): Promise<ImportResult> {
    const run = await readRunFolder(runDir);
    const added = run.rows.length ? await insertBatch(this.db, episodesTable, run.rows) : new Set<string>();
    this.catalog.add(run.rows.filter((r) => added.has(r.id)));
    this.cached = null;
    return { runDir: run.runDir, episodes: run.rows.length, added: added.size, alreadyPresent: run.rows.length - added.size, skipped: run.skipped };
  }

  /** Creates an anonymous judge and returns its session token. */
  async createSession(): Promise<string> {
    const judge = randomId(12);
    await this.writer.insert(judgesTable, { id: judge, createdAt: new Date() });
    this.judges.set(judge, Promise.resolve({ seen: new Set(), seenPerPolicyPair: new Map(), revealedEpisodes: new Set(), day: utcDay(Date.now()), issuedToday: 0 }));
    return this.tokens.signSession(judge);
  }

  /** The judge id behind a session token (throws ArenaError 401). */
  judgeOf(sessionToken: string): string {
    try {
      return this.tokens.verifySession(sessionToken);
    } catch (err) {
      throw ArenaError.from(err);
    }
  }

  /** The next blind pair for a judge. */
  async nextPair(judge: string): Promise<NextPair> {
    const state = await this.judgeState(judge);
    const now = Date.now();
    if (state.day !== utcDay(now)) Object.assign(state, { day: utcDay(now), issuedToday: 0 });
    const cap = this.options.dailyCap ?? 200;
    if (state.issuedToday >= cap) throw new ArenaError(429, "daily-cap", `daily cap reached: ${cap} pairs per judge per UTC day`);
    this.refreshModel();
    const picked = pickPair(this.catalog, state, this.model, {
      goldRate: this.options.goldRate ?? 0.1,
      epsilon: this.options.epsilon ?? 0.2,
      random: Math.random,
    });
    if (!picked) throw new ArenaError(404, "no-pairs", "no pair left for this judge: every available pair has been shown");
    const key = pairKey(picked.pair.a, picked.pair.b);
    // Claimed before the write so concurrent requests of one judge cannot get the same pair.
    markSeen(state, key);
    state.issuedToday++;
    const [left, right] = randomInt(2) === 0 ? [picked.pair.a, picked.pair.b] : [picked.pair.b, picked.pair.a];
    const row: OpenAssignment = {
      id: randomId(),
      judge,
      left: left.id,
      right: right.id,
      pairKey: key,
      gold: picked.gold,
      createdAt: new Date(now),
      expiresAt: new Date(now + (this.options.assignmentTtlMs ?? 24 * 3600_000)),
      voted: false,
    };
    if (!(await this.writer.insert(assignmentsTable, row))) throw new ArenaError(409, "conflict", "pair already shown to this judge; ask again");
    this.open.set(row.id, row);
    if (this.open.size > 100_000) this.pruneOpen(now);
    const expiresAt = row.expiresAt.getTime();
    const side = (e: EpisodeRow): PairSide => {
      const videos = Object.fromEntries(
        e.cameras.map((c) => [c.camera, `/api/media/${this.tokens.sealMedia({ kind: "video", episode: e.id, camera: c.camera, assignment: row.id, expiresAt })}`]),
      );
      return { video: videos[e.cameras[0].camera], videos, replay: `/api/replay/${this.tokens.sealMedia({ kind: "replay", episode: e.id, assignment: row.id, expiresAt })}` };
    };
    return {
      assignment: this.tokens.signAssignment({ assignment: row.id, judge, expiresAt }),
      instruction: left.instruction,
      task: left.task,
      scene: left.scene,
      expiresAt: row.expiresAt.toISOString(),
      left: side(left),
      right: side(right),
    };
  }

  /** Records a vote once per assignment, commits it, then reveals the policies. */
  async vote(judge: string, assignmentToken: string, choice: Choice, reason: string | null): Promise<VoteReveal> {
    let claims: ReturnType<Tokens["verifyAssignment"]>;
    try {
      claims = this.tokens.verifyAssignment(assignmentToken);
    } catch (err) {
      // Not 401: that would say the session is dead, and clients would start a fresh judge over a bad assignment.
      if (err instanceof TokenError && err.reason === "unauthorized") throw new ArenaError(400, "bad-assignment", err.message);
      throw ArenaError.from(err);
    }
    if (claims.judge !== judge) throw new ArenaError(403, "bad-assignment", "assignment: issued to another session");
    let assignment = this.open.get(claims.assignment);
    if (!assignment) {
      const stored = await loadAssignment(this.db, claims.assignment);
      if (!stored) throw new ArenaError(404, "not-found", "assignment: unknown");
      assignment = this.open.get(claims.assignment) ?? stored;
      this.open.set(stored.id, assignment);
    }
    if (assignment.voted) throw new ArenaError(409, "already-voted", "assignment: already voted on; fetch a new pair");
    assignment.voted = true;
    let inserted: boolean;
    try {
      inserted = await this.writer.insert(votesTable, { assignment: assignment.id, judge, choice, reason, createdAt: new Date() });
    } catch (err) {
      assignment.voted = false;
      throw err;
    }
    this.open.delete(assignment.id);
    if (!inserted) throw new ArenaError(409, "already-voted", "assignment: already voted on; fetch a new pair");
    const left = this.catalog.episodes.get(assignment.left) as EpisodeRow;
    const right = this.catalog.episodes.get(assignment.right) as EpisodeRow;
    this.remember(judge, left, right, choice, assignment.gold);
    const state = await this.judgeState(judge);
    state.revealedEpisodes.add(left.id);
    state.revealedEpisodes.add(right.id);
    return { accepted: true, reveal: { seed: left.seed, left: { policy: left.policy, success: left.success }, right: { policy: right.policy, success: right.success } } };
  }

  /** The file behind a media id (throws ArenaError for a bad or expired id). */
  mediaFile(id: string): string {
    const claims = this.openMedia(id, "video");
    const episode = this.catalog.episodes.get(claims.episode);
    const camera = episode?.cameras.find((c) => c.camera === claims.camera);
    if (!episode || !camera) throw new ArenaError(404, "not-found", "media: no such video");
    return join(episode.dir, camera.video);
  }

  /** The replay data behind a replay id: states, actions and successes, no policy name. */
  async replay(id: string): Promise<Record<string, unknown>> {
    return this.episodeReplay(this.openMedia(id, "replay").episode);
  }

  /** An episode's replay data by episode id (run browser). */
  async episodeReplay(episodeId: string): Promise<Record<string, unknown>> {
    const episode = this.catalog.episodes.get(episodeId);
    if (!episode) throw new ArenaError(404, "not-found", "episode: unknown");
    const record = JSON.parse(await readFile(join(episode.dir, "record.json"), "utf8"));
    return {
      scene: episode.scene,
      task: episode.task,
      instruction: episode.instruction,
      states: record.states ?? [],
      actions: record.actions ?? [],
      successes: record.successes ?? [],
      progress: record.progress ?? [],
    };
  }

  /** The leaderboard and judges' status, recomputed when votes arrived and the cache is older than leaderboardMaxAgeMs. */
  leaderboard(): LeaderboardResult {
    const now = Date.now();
    const fresh = this.cached && (this.cached.votes === this.votes.length || now - this.cached.at < (this.options.leaderboardMaxAgeMs ?? 1000));
    if (!this.cached || !fresh) {
      const result = computeLeaderboard(this.votes, this.catalog.successCounts(), this.options);
      this.cached = { result, votes: this.votes.length, at: now };
      this.model = result.model;
    }
    return this.cached.result;
  }

  /** Waits for pending writes, then closes the database. */
  async close(): Promise<void> {
    await this.writer.idle();
    await this.db.close();
  }

  private remember(judge: string, left: EpisodeRow, right: EpisodeRow, choice: Choice, gold: boolean): void {
    const fact: VoteFact = { judge, left: left.policy, right: right.policy, leftSuccess: left.success, rightSuccess: right.success, choice, gold };
    this.votes.push(fact);
    this.tally.add(fact);
  }

  /** Refits the pair-selection model after every 50 new votes (cheap: pair counts only). */
  private refreshModel(): void {
    if (this.tally.pending >= 50) this.model = this.tally.fit();
  }

  private judgeState(judge: string): Promise<JudgeState> {
    let state = this.judges.get(judge);
    if (!state) {
      // First touch since start-up: the history lives in the database.
      const day = utcDay(Date.now());
      state = loadJudgeHistory(this.db, judge, new Date(`${day}T00:00:00Z`)).then(({ pairKeys, issuedSince, revealedEpisodes }) => {
        const history: JudgeState = { seen: new Set(), seenPerPolicyPair: new Map(), revealedEpisodes: new Set(revealedEpisodes), day, issuedToday: issuedSince };
        for (const key of pairKeys) markSeen(history, key);
        return history;
      });
      this.judges.set(judge, state);
      state.catch(() => this.judges.delete(judge));
    }
    return state;
  }

  private openMedia(id: string, kind: "video" | "replay") {
    try {
      const claims = this.tokens.openMedia(id);
      if (claims.kind !== kind) throw new ArenaError(404, "not-found", `media: not a ${kind} id`);
      return claims;
    } catch (err) {
      throw ArenaError.from(err);
    }
  }

  private pruneOpen(now: number): void {
    for (const [id, a] of this.open) if (a.expiresAt.getTime() < now) this.open.delete(id);
  }
}

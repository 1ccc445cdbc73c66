/**
 * Reads an evaluation run folder (`<runDir>/episodes/<id>/record.json` plus one MP4 per camera, as
 * written by @gauntlet/rollout's EpisodeStore) into episode rows. Nothing is dropped silently: every
 * episode left out is listed with the reason.
 */
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { EpisodeRow } from "./db/tables";

// A file in the episode's own folder: a path could make the arena serve any file on the server's disk.
const videoName = z.string().refine((v) => v.length > 0 && !/[/\\]/.test(v) && !v.includes(".."), "expected a file name in the episode folder (no /, \\ or ..)");

const recordSchema = z.object({
  id: z.string().min(1),
  envId: z.string(),
  backend: z.string(),
  sceneId: z.string().min(1),
  task: z.string(),
  instruction: z.string(),
  policy: z.string().min(1),
  seed: z.number().int(),
  status: z.enum(["success", "failure", "errored"]),
  success: z.boolean(),
  steps: z.number().int().nonnegative(),
  frames: z.array(z.object({ camera: z.string().min(1), video: videoName.optional() })),
});

export interface SkippedEpisode {
  episode: string;
  reason: string;
}

export interface RunContents {
  runDir: string;
  rows: EpisodeRow[];
  skipped: SkippedEpisode[];
}

/** Reads and validates every record of a run folder; throws if the folder is not a run. */
export async function readRunFolder(runDir: string): Promise<RunContents> {
  const root = resolve(runDir);
  const episodesDir = join(root, "episodes");
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`runDir: no such folder: ${root}`);
  if (!existsSync(episodesDir)) throw new Error(`runDir: ${root} has no episodes/ folder; expected an evaluation run folder (gauntlet evaluate)`);
  const rows: EpisodeRow[] = [];
  const skipped: SkippedEpisode[] = [];
  for (const name of (await readdir(episodesDir)).sort()) {
    const dir = join(episodesDir, name);
    const file = join(dir, "record.json");
    if (!existsSync(file)) {
      if (statSync(dir).isDirectory()) skipped.push({ episode: name, reason: "no record.json (unfinished episode)" });
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, "utf8"));
    } catch (err) {
      skipped.push({ episode: name, reason: `record.json is not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({ episode: name, reason: `record.json: ${issue.path.join(".")}: ${issue.message}` });
      continue;
    }
    const r = parsed.data;
    if (r.status === "errored") {
      skipped.push({ episode: name, reason: "errored" });
      continue;
    }
    const cameras = r.frames.filter((f) => f.video && existsSync(join(dir, f.video))).map((f) => ({ camera: f.camera, video: f.video as string }));
    if (cameras.length === 0) {
      skipped.push({ episode: name, reason: "no video file" });
      continue;
    }
    rows.push({
      id: r.id,
      scene: r.sceneId,
      seed: r.seed,
      policy: r.policy,
      task: r.task,
      instruction: r.instruction,
      envId: r.envId,
      backend: r.backend,
      status: r.status,
      success: r.success,
      steps: r.steps,
      dir,
      cameras,
      runDir: root,
    });
  }
  return { runDir: root, rows, skipped };
}

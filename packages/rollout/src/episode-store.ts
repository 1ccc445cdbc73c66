/**
 * A run folder on disk: `config.json`, then per episode `episodes/<id>/record.json` and one
 * MP4 per camera, plus `index.html` to watch them. A record is written last, through a rename,
 * so a record on disk always means a complete episode.
 */
import { type EpisodeIdentity, type EpisodeRecord, emptyEpisodeRecord } from "@gauntlet/core";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EpisodeResult } from "./run-episode";
import { encodeVideo } from "./video";

export class EpisodeStore {
  constructor(readonly dir: string) {}

  /**
   * Writes the run's config (what was asked for, for reproducibility). Refuses when the folder
   * holds episodes that ran on other inputs: resuming would mix two models' or scenes' episodes.
   */
  async writeConfig(config: { hashes?: Record<string, string>; [field: string]: unknown }): Promise<void> {
    const changed = this.changedInputs(config.hashes ?? {});
    if (changed.length > 0) throw new Error(`${this.dir} holds episodes that ran on other inputs (${changed.join(", ")} changed since); use another --out folder, or delete this one to start over`);
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
  }

  /** Files whose hash differs from the one the stored episodes ran with (none if no episode is stored). */
  changedInputs(hashes: Record<string, string>): string[] {
    const file = join(this.dir, "config.json");
    if (!existsSync(file) || !existsSync(join(this.dir, "episodes"))) return [];
    const stored = (JSON.parse(readFileSync(file, "utf8")) as { hashes?: Record<string, string> }).hashes ?? {};
    return Object.keys(hashes).filter((f) => f in stored && stored[f] !== hashes[f]);
  }

  /** True when the episode is stored and not errored: a resumed run skips it, and retries errored ones. */
  has(id: string): boolean {
    const file = join(this.dir, "episodes", id, "record.json");
    return existsSync(file) && !readFileSync(file, "utf8").includes('"status":"errored"');
  }

  /** The stored record of an episode (as `has` sees it, or errored). */
  async read(id: string): Promise<EpisodeRecord> {
    return JSON.parse(await readFile(join(this.dir, "episodes", id, "record.json"), "utf8"));
  }

  /** Encodes the videos, then writes the record atomically. */
  async save({ record, frames }: EpisodeResult, fps: number): Promise<EpisodeRecord> {
    const folder = join(this.dir, "episodes", record.id);
    await mkdir(folder, { recursive: true });
    for (const cam of record.frames) {
      const video = `${cam.camera}.mp4`;
      await encodeVideo(frames[cam.camera], { width: cam.width, height: cam.height, fps, path: join(folder, video) });
      cam.video = video;
    }
    await this.writeRecord(record);
    return record;
  }

  private async writeRecord(record: EpisodeRecord): Promise<void> {
    const folder = join(this.dir, "episodes", record.id);
    await mkdir(folder, { recursive: true });
    const tmp = join(folder, "record.json.tmp");
    await writeFile(tmp, `${JSON.stringify(record)}\n`);
    await rename(tmp, join(folder, "record.json"));
  }

  /** Records an episode that could not be completed; it is kept, counted and excluded from statistics. */
  async saveErrored(identity: EpisodeIdentity, error: string): Promise<EpisodeRecord> {
    const record = { ...emptyEpisodeRecord(identity, "errored"), error };
    await this.writeRecord(record);
    return record;
  }

  /** Every complete record in the run, sorted by id. */
  async records(): Promise<EpisodeRecord[]> {
    const root = join(this.dir, "episodes");
    if (!existsSync(root)) return [];
    const ids = (await readdir(root)).sort();
    const out: EpisodeRecord[] = [];
    for (const id of ids) {
      const file = join(root, id, "record.json");
      if (existsSync(file)) out.push(JSON.parse(await readFile(file, "utf8")));
    }
    return out;
  }
}

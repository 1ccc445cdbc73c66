/**
 * Synthetic run folders in the layout of @gauntlet/rollout's EpisodeStore (record.json files plus real
 * H.264 MP4s made with ffmpeg), for tests, the bench and demos without running a simulator.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let tinyVideo: string | undefined;

/** A 16×16, 5-frame H.264 MP4 (made once per process). */
export function tinyMp4(): string {
  if (tinyVideo && existsSync(tinyVideo)) return tinyVideo;
  const dir = mkdtempSync(join(tmpdir(), "arena-mp4-"));
  tinyVideo = join(dir, "tiny.mp4");
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=16x16:d=0.5:r=10", "-c:v", "libx264", "-pix_fmt", "yuv420p", tinyVideo]);
  return tinyVideo;
}

export interface RunSpec {
  /** Policy name → whether its episode on (scene, seed) succeeded. */
  policies: Record<string, (scene: string, seed: number) => boolean>;
  scenes: string[];
  seeds: number;
  cameras?: string[];
  /** Episodes (by id) written as errored. */
  errored?: string[];
}

/** Writes `<dir>/episodes/<scene>__<policy>__s<seed>/{record.json, <camera>.mp4}` and summary.json. */
export function writeRun(dir: string, spec: RunSpec): string {
  const video = tinyMp4();
  const cameras = spec.cameras ?? ["third"];
  for (const scene of spec.scenes) {
    for (let seed = 0; seed < spec.seeds; seed++) {
      for (const [policy, succeeded] of Object.entries(spec.policies)) {
        const id = `${scene}__${policy}__s${seed}`;
        const folder = join(dir, "episodes", id);
        mkdirSync(folder, { recursive: true });
        const success = succeeded(scene, seed);
        const errored = spec.errored?.includes(id) ?? false;
        for (const camera of cameras) copyFileSync(video, join(folder, `${camera}.mp4`));
        const record = {
          version: 1,
          id,
          envId: "PickCube-v1",
          backend: "sim",
          sceneId: scene,
          task: "pick-lift",
          instruction: `do ${scene}`,
          policy,
          seed,
          status: errored ? "errored" : success ? "success" : "failure",
          success: !errored && success,
          steps: 2,
          actions: [
            [0, 0, 0.01, 0, 0, 0, 1],
            [0, 0, 0.01, 0, 0, 0, -1],
          ],
          states: [
            [0.25, 0, 0.15, 0, 1.57, 0, 1],
            [0.25, 0, 0.16, 0, 1.57, 0, 1],
            [0.25, 0, 0.17, 0, 1.57, 0, 0],
          ],
          successes: [false, false, success],
          progress: [0, 0.5, success ? 1 : 0.6],
          rewards: [0, 0],
          frames: errored ? [] : cameras.map((camera) => ({ camera, width: 16, height: 16, video: `${camera}.mp4`, hashes: ["a", "b", "c"] })),
          terminated: success,
          truncated: !success,
          wallMs: 1,
        };
        writeFileSync(join(folder, "record.json"), `${JSON.stringify(record)}\n`);
      }
    }
  }
  writeFileSync(join(dir, "summary.json"), `${JSON.stringify({ name: "synthetic" })}\n`);
  return dir;
}

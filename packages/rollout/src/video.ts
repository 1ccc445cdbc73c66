/**
 * Episode videos: raw RGBA frames piped into ffmpeg, out comes an H.264 MP4 that any browser
 * plays without plugins. Output is byte-for-byte deterministic for identical frames, so videos
 * can be content-addressed and diffed across runs.
 */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";

export interface VideoOptions {
  width: number;
  height: number;
  fps: number;
  /** Output .mp4 path; parent folders are created. */
  path: string;
}

export interface VideoResult {
  path: string;
  bytes: number;
  frames: number;
}

const INSTALL_HINT = "install it with `apt-get install ffmpeg` (or run `npm run setup`)";
const STDERR_TAIL_CHARS = 4000;

/** Path of the ffmpeg executable ($FFMPEG_PATH, else the first on $PATH), or null if none. */
export function findFfmpeg(): string | null {
  const candidates = process.env.FFMPEG_PATH
    ? [process.env.FFMPEG_PATH]
    : (process.env.PATH ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, "ffmpeg"));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return null;
}

function ffmpegArgs(o: VideoOptions, out: string): string[] {
  return [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...["-f", "rawvideo", "-pix_fmt", "rgba", "-s", `${o.width}x${o.height}`],
    ...["-framerate", String(o.fps), "-i", "pipe:0"],
    // yuv420p needs even dimensions; padding (not scaling) keeps pixels sharp at small sizes.
    ...["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"],
    ...["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"],
    // Single thread + bitexact + no metadata: identical frames give identical bytes.
    ...["-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1"],
    ...["-an", "-movflags", "+faststart", "-f", "mp4", out],
  ];
}

/** Encodes raw RGBA frames (row 0 = top, width*height*4 bytes each) to an H.264 MP4. */
export async function encodeVideo(
  frames: AsyncIterable<Uint8Array> | Uint8Array[],
  opts: VideoOptions,
): Promise<VideoResult> {
  const { width, height, fps, path } = opts;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`encodeVideo: width and height must be positive integers, got ${width}x${height}`);
  }
  if (!(fps > 0 && Number.isFinite(fps))) throw new Error(`encodeVideo: fps must be > 0, got ${fps}`);
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) throw new Error(`encodeVideo: ffmpeg not found; ${INSTALL_HINT}`);

  await mkdir(dirname(path), { recursive: true });
  // Encode to a temp name and rename, so a failed or killed run never leaves a truncated .mp4.
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const child = spawn(ffmpeg, ffmpegArgs(opts, tmp), { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => {
    stderr = (stderr + s).slice(-STDERR_TAIL_CHARS);
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.on("error", (error) => resolve({ code: null, error }));
    child.on("close", (code) => resolve({ code }));
  });
  // EPIPE when ffmpeg dies early; the exit status and stderr below are the useful report.
  child.stdin.on("error", () => {});
  const ffmpegFailed = async (): Promise<Error> => {
    const { code, error } = await exited;
    const why = error ? error.message : `exited with code ${code}`;
    return new Error(`encodeVideo: ffmpeg ${why}\n${stderr.trim()}`);
  };

  const expected = width * height * 4;
  let count = 0;
  try {
    for await (const frame of frames) {
      if (frame.byteLength !== expected) {
        throw new Error(
          `encodeVideo: frame ${count} has ${frame.byteLength} bytes, expected ${expected} (${width}x${height} RGBA)`,
        );
      }
      // Wait for each write to flush: callers may reuse one readback buffer for every frame.
      const written = new Promise<boolean>((resolve) => child.stdin.write(frame, (err) => resolve(!err)));
      if (!(await Promise.race([written, exited.then(() => false)]))) throw await ffmpegFailed();
      count++;
    }
    if (count === 0) throw new Error("encodeVideo: no frames to encode");
    child.stdin.end();
    const { code } = await exited;
    if (code !== 0) throw await ffmpegFailed();
    await rename(tmp, path);
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    await rm(tmp, { force: true });
    throw err;
  }
  return { path, bytes: (await stat(path)).size, frames: count };
}

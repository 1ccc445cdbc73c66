import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeVideo } from "./video";

const dir = mkdtempSync(join(tmpdir(), "gauntlet-video-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 16px white square sliding right over a dark background: motion, so inter-frames matter. */
function movingSquare(n: number, width: number, height: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const f = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inSquare = x >= i * 4 && x < i * 4 + 16 && y >= 40 && y < 56;
        const p = (y * width + x) * 4;
        f.set(inSquare ? [255, 255, 255, 255] : [20, 30, 60, 255], p);
      }
    }
    return f;
  });
}

function probe(path: string) {
  const out = execFileSync("ffprobe", [
    ...["-v", "error", "-select_streams", "v:0", "-count_frames"],
    ...["-show_entries", "stream=codec_name,width,height,pix_fmt,nb_read_frames", "-of", "json", path],
  ]);
  return JSON.parse(out.toString()).streams[0];
}

async function withFfmpegPath(value: string, fn: () => Promise<void>) {
  const saved = process.env.FFMPEG_PATH;
  process.env.FFMPEG_PATH = value;
  try {
    await fn();
  } finally {
    if (saved === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved;
  }
}

async function* asAsync(frames: Uint8Array[]) {
  for (const f of frames) yield f;
}

describe("encodeVideo", () => {
  const frames = movingSquare(20, 128, 128);

  it("writes a browser-playable H.264 MP4 with every frame", async () => {
    const path = join(dir, "a", "square.mp4");
    const res = await encodeVideo(frames, { width: 128, height: 128, fps: 10, path });
    expect(res).toMatchObject({ path, frames: 20 });
    const bytes = readFileSync(path);
    expect(res.bytes).toBe(bytes.length);
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    // faststart: the index (moov) precedes the media (mdat) so browsers can play while loading.
    expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat"));
    expect(probe(path)).toMatchObject({
      codec_name: "h264",
      width: 128,
      height: 128,
      pix_fmt: "yuv420p",
      nb_read_frames: "20",
    });
  });

  it("gives identical bytes for identical frames (array or async iterable)", async () => {
    const a = await encodeVideo(frames, { width: 128, height: 128, fps: 10, path: join(dir, "d1.mp4") });
    const b = await encodeVideo(asAsync(frames), { width: 128, height: 128, fps: 10, path: join(dir, "d2.mp4") });
    expect(readFileSync(b.path).equals(readFileSync(a.path))).toBe(true);
  });

  it("pads odd dimensions to even", async () => {
    const path = join(dir, "odd.mp4");
    await encodeVideo(movingSquare(3, 33, 17), { width: 33, height: 17, fps: 5, path });
    expect(probe(path)).toMatchObject({ width: 34, height: 18, nb_read_frames: "3" });
  });

  it("names the index and expected length of a frame of the wrong size", async () => {
    const bad = [...frames.slice(0, 3), new Uint8Array(100)];
    const path = join(dir, "bad.mp4");
    await expect(encodeVideo(bad, { width: 128, height: 128, fps: 10, path })).rejects.toThrow(
      /frame 3 has 100 bytes, expected 65536/,
    );
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("surfaces ffmpeg's stderr when it fails", async () => {
    const fake = join(dir, "failing-ffmpeg");
    writeFileSync(fake, "#!/bin/sh\necho 'Unknown encoder libx264' >&2\nexit 3\n", { mode: 0o755 });
    await withFfmpegPath(fake, () =>
      expect(encodeVideo(frames, { width: 128, height: 128, fps: 10, path: join(dir, "f.mp4") })).rejects.toThrow(
        /code 3\s+Unknown encoder libx264/,
      ),
    );
  });

  it("says how to install ffmpeg when it is missing", async () => {
    await withFfmpegPath(join(dir, "no-such-ffmpeg"), () =>
      expect(encodeVideo(frames, { width: 128, height: 128, fps: 10, path: join(dir, "x.mp4") })).rejects.toThrow(
        /apt-get install ffmpeg.*npm run setup/,
      ),
    );
  });
});

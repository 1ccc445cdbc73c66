import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRunFolder } from "./import-run";
import { writeRun } from "./synthetic-run";

describe("readRunFolder", () => {
  it("skips, with the reason, episodes whose video names leave their folder", async () => {
    const run = writeRun(mkdtempSync(join(tmpdir(), "import-run-")), { policies: { one: () => true }, scenes: ["s"], seeds: 4 });
    const names = ["../../secret.mp4", "sub/third.mp4", "sub\\third.mp4"];
    names.forEach((video, seed) => {
      const file = join(run, "episodes", `s__one__s${seed}`, "record.json");
      const record = JSON.parse(readFileSync(file, "utf8"));
      record.frames[0].video = video;
      writeFileSync(file, JSON.stringify(record));
    });
    const { rows, skipped } = await readRunFolder(run);
    expect(rows.map((r) => r.id)).toEqual(["s__one__s3"]);
    expect(skipped.map((s) => s.episode)).toEqual(["s__one__s0", "s__one__s1", "s__one__s2"]);
    for (const s of skipped) expect(s.reason).toMatch(/^record\.json: frames\.0\.video: expected a file name in the episode folder/);
  });
});

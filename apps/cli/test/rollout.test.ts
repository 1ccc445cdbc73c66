import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, root } from "./run-cli";
import { describe, expect, it } from "vitest";

describe("gauntlet rollout", () => {
  it("writes records, browser-playable videos and an index, and resumes without redoing episodes", async () => {
    const out = mkdtempSync(join(tmpdir(), "gauntlet-rollout-"));
    const first = await cli("rollout", "--scene", "scenes/pick-cube.json", "--policy", "oracle", "--episodes", "2", "--seed", "4", "--out", out);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/evaluate .* 2\/2 episodes .* took/);
    expect(first.stdout).toContain("oracle");
    const ids = readdirSync(join(out, "episodes")).sort();
    expect(ids).toEqual(["pick-cube__oracle__s4", "pick-cube__oracle__s5"]);
    const record = JSON.parse(readFileSync(join(out, "episodes", ids[0], "record.json"), "utf8"));
    expect(record).toMatchObject({ policy: "oracle", seed: 4, success: true, status: "success", envId: "PickCube-v1" });
    expect(record.states.length).toBe(record.steps + 1);
    expect(record.actions.length).toBe(record.steps);
    for (const cam of record.frames) {
      expect(cam.hashes.length).toBe(record.steps + 1);
      const mp4 = readFileSync(join(out, "episodes", ids[0], cam.video));
      expect(mp4.subarray(4, 8).toString()).toBe("ftyp");
    }
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain(`episodes/${ids[0]}/third.mp4`);

    // A resumed run with one more episode runs only the missing one and leaves the others untouched.
    const before = readFileSync(join(out, "episodes", ids[0], "record.json"), "utf8");
    const second = await cli("rollout", "--scene", "scenes/pick-cube.json", "--policy", "oracle", "--episodes", "3", "--seed", "4", "--out", out);
    expect(second.code, second.stderr).toBe(0);
    expect(readdirSync(join(out, "episodes")).length).toBe(3);
    expect(readFileSync(join(out, "episodes", ids[0], "record.json"), "utf8")).toBe(before);
  });

  it("rejects a malformed scene file naming the field, and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gauntlet-bad-scene-"));
    const scene = JSON.parse(readFileSync(join(root, "scenes/pick-cube.json"), "utf8"));
    scene.objects[0].size = [0.04, -1, 0.04];
    scene.objects[0].type = "box";
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(scene));
    const out = join(dir, "run");
    const result = await cli("rollout", "--scene", file, "--episodes", "1", "--out", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("scene.objects[0].size[1]: expected a positive number, got -1");
    expect(existsSync(out)).toBe(false);
  });

  it("rejects an unknown policy kind with the accepted ones", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "gauntlet-bad-policy-")), "run");
    const result = await cli("rollout", "--scene", "scenes/pick-cube.json", "--policy", "teleop", "--episodes", "1", "--out", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('evaluation.policies[0]: policy "teleop": kind: expected kind to be one of oracle, random, vision, onnx, openpi, http');
    expect(existsSync(out)).toBe(false);
  });
});

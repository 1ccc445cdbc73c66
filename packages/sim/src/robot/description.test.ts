import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRobotDescription, parseRobotDescription, ROBOTS_DIR } from "./index";

// biome-ignore lint/suspicious/noExplicitAny: tests mutate raw JSON freely
const raw = () => structuredClone(loadRobotDescription("widowx-250s")) as unknown as Record<string, any>;
const errorOf = (json: unknown): string => {
  try {
    parseRobotDescription(json);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected validation to fail");
};

describe("robot description", () => {
  it("loads the WidowX 250s by bare name", () => {
    const r = loadRobotDescription("widowx-250s");
    expect(r.joints.map((j) => j.name)).toEqual(["waist", "shoulder", "elbow", "forearm_roll", "wrist_angle", "wrist_rotate"]);
    expect(r.home).toHaveLength(6);
    expect(r.links.every((l) => l.shapes.length > 0)).toBe(true);
    expect(r.gripper.open).toBeGreaterThan(r.gripper.closed);
  });

  it("loads by path, and names the file when it is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "robot-"));
    const file = join(dir, "copy.json");
    writeFileSync(file, JSON.stringify({ ...raw(), name: "copy" }));
    expect(loadRobotDescription(file).name).toBe("copy");
    expect(loadRobotDescription(join(ROBOTS_DIR, "widowx-250s.json")).name).toBe("widowx-250s");
    expect(() => loadRobotDescription("no-such-robot")).toThrow(/no-such-robot\.json/);
  });

  it("fills defaults (rpy, colour)", () => {
    const r = raw();
    r.joints[0].origin = { xyz: [0, 0, 0.072] };
    delete r.links[0].shapes[0].color;
    const parsed = parseRobotDescription(r);
    expect(parsed.joints[0].origin.rpy).toEqual([0, 0, 0]);
    expect(parsed.links[0].shapes[0].color).toMatch(/^#/);
  });

  it("names the offending field in validation errors", () => {
    // biome-ignore lint/suspicious/noExplicitAny: tests mutate raw JSON freely
    const cases: [(r: Record<string, any>) => void, string][] = [
      [(r) => (r.joints[2].axis = [0, 1]), "robot.joints[2].axis: expected 3 numbers"],
      [(r) => (r.joints[2].axis = [0, 0, 0]), "robot.joints[2].axis: expected a non-zero axis"],
      [(r) => (r.joints[1].limits = [1, -1]), "robot.joints[1].limits: expected lower < upper"],
      [(r) => (r.joints[0].origin.xyz = "up"), "robot.joints[0].origin.xyz: expected 3 numbers"],
      [(r) => (r.joints[3].type = "prismatic"), "robot.joints[3].type"],
      [(r) => (r.joints[4].name = "elbow"), 'robot.joints[4].name: duplicate joint name "elbow"'],
      [(r) => (r.links[1].joint = 9), "robot.links[1].joint: expected -1 (base) or a joint index below 6"],
      [(r) => (r.links[0].shapes[0].type = "mesh"), "robot.links[0].shapes[0].type"],
      [(r) => (r.links[0].shapes[1].size = [0.1]), "robot.links[0].shapes[1].size: expected 2 numbers"],
      [(r) => (r.gripper.closed = 0.1), "robot.gripper.open: expected open > closed"],
      [(r) => delete r.endEffector, "robot.endEffector"],
      [(r) => (r.home = [0, 0]), "robot.home: expected 6 numbers"],
      [(r) => (r.home[1] = 3), "robot.home[1]: expected a value within joint limits"],
    ];
    for (const [mutate, message] of cases) {
      const r = raw();
      mutate(r);
      expect(errorOf(r)).toContain(message);
    }
  });
});

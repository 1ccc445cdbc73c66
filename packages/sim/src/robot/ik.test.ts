import { fileURLToPath } from "node:url";
import type { Pose, Quat } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { compileChain, eePose, type IkResult, type KinematicChain, loadRobotDescription, matToQuat, solveIk } from "./index";

const DEG = Math.PI / 180;
const robot = loadRobotDescription("widowx-250s");
const chain = compileChain(robot);

/** Deterministic LCG in [0, 1) so the sampled targets are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const quatAngle = (a: Quat, b: Quat) => 2 * Math.acos(Math.min(1, Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3])));
const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
/** Tool approach (+x) along world -z, fingers closing along (−sin yaw, cos yaw, 0). */
const topDown = (yaw: number): Quat => matToQuat([0, -Math.sin(yaw), Math.cos(yaw), 0, Math.cos(yaw), Math.sin(yaw), -1, 0, 0]);
const withinSpec = (r: IkResult) => r.positionError <= 0.005 && r.rotationError <= 2 * DEG;
const inLimits = (c: KinematicChain, q: number[]) => q.every((v, i) => v >= c.lower[i] && v <= c.upper[i]);
/** Independent check of a result: re-run FK rather than trusting the reported errors. */
const fkError = (c: KinematicChain, q: number[], target: Pose) => {
  const p = eePose(c, q);
  return {
    pos: dist(p.position, target.position),
    rot: quatAngle(p.quaternion, target.quaternion),
  };
};
const randomQ = (c: KinematicChain, rand: () => number) => Array.from(c.lower, (lo, i) => lo + rand() * (c.upper[i] - lo));

/** Random configurations whose tool is over the table: x 0.15–0.40, |y| ≤ 0.25, z −0.05–0.25, approach within 30° of down. */
function tabletopSamples(count: number, seed: number): { q: number[]; pose: Pose }[] {
  const rand = lcg(seed);
  const out: { q: number[]; pose: Pose }[] = [];
  while (out.length < count) {
    const q = randomQ(chain, rand);
    const pose = eePose(chain, q);
    const [x, y, z] = pose.position;
    if (x < 0.15 || x > 0.4 || Math.abs(y) > 0.25 || z < -0.05 || z > 0.25) continue;
    const [qx, qy, qz, qw] = pose.quaternion;
    const approachZ = 2 * (qx * qz - qy * qw); // world z of tool +x
    if (approachZ > -Math.cos(30 * DEG)) continue;
    out.push({ q, pose });
  }
  return out;
}

describe("solveIk (wx250s)", () => {
  const samples = tabletopSamples(200, 42);

  it("reaches ≥ 99% of 200 random tabletop targets from home within 5 mm / 2°, never leaving joint limits", () => {
    let ok = 0;
    for (const { pose } of samples) {
      const r = solveIk(chain, pose, robot.home);
      const e = fkError(chain, r.q, pose);
      expect(e.pos).toBeCloseTo(r.positionError, 9);
      if (e.pos <= 0.005 && e.rot <= 2 * DEG) ok++;
      expect(inLimits(chain, r.q)).toBe(true);
    }
    expect(ok / samples.length).toBeGreaterThanOrEqual(0.99);
  });

  it("tracks every warm-started small step (≈1 cm or 5°) and is fast", () => {
    const rand = lcg(7);
    const steps = samples.map(({ q }) => {
      // A step that is reachable by construction: move along a random joint direction until the tool
      // has moved 1 cm or turned 5°, whichever comes first.
      const d = Array.from(q, () => rand() - 0.5);
      const from = eePose(chain, q);
      const at = (s: number) => q.map((v, i) => Math.min(chain.upper[i], Math.max(chain.lower[i], v + s * d[i])));
      const size = (s: number) => {
        const p = eePose(chain, at(s));
        return Math.max(dist(p.position, from.position) / 0.01, quatAngle(p.quaternion, from.quaternion) / (5 * DEG));
      };
      let [lo, hi] = [0, 1];
      for (let k = 0; k < 30; k++) [lo, hi] = size((lo + hi) / 2) < 1 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
      return { seed: q, target: eePose(chain, at(lo)) };
    });
    for (const { seed, target } of steps.slice(0, 50)) solveIk(chain, target, seed); // JIT warm-up
    const times: number[] = [];
    for (const { seed, target } of steps) {
      const t0 = performance.now();
      const r = solveIk(chain, target, seed);
      times.push(performance.now() - t0);
      expect(withinSpec(r)).toBe(true);
      expect(inLimits(chain, r.q)).toBe(true);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((s, t) => s + t, 0) / times.length;
    console.log(
      `warm-started IK: median ${(times[100] * 1000).toFixed(1)} µs, mean ${(mean * 1000).toFixed(1)} µs, max ${times[199].toFixed(2)} ms`,
    );
    expect(times[100]).toBeLessThan(0.2);
  });

  it("reaches top-down grasps over x 0.20–0.35, y ±0.15, z 0.00–0.20 at any yaw in ±90°", () => {
    for (const x of [0.2, 0.25, 0.3, 0.35])
      for (const y of [-0.15, -0.075, 0, 0.075, 0.15])
        for (const z of [0, 0.1, 0.2])
          for (const yaw of [-90, -45, 0, 45, 90]) {
            const target: Pose = {
              position: [x, y, z],
              quaternion: topDown(yaw * DEG),
            };
            const r = solveIk(chain, target, robot.home);
            const e = fkError(chain, r.q, target);
            expect(e.pos, `${x},${y},${z} yaw ${yaw}`).toBeLessThanOrEqual(0.005);
            expect(e.rot, `${x},${y},${z} yaw ${yaw}`).toBeLessThanOrEqual(2 * DEG);
            expect(inLimits(chain, r.q)).toBe(true);
          }
  });

  it("home is a top-down pose 0.25 m in front of the base, 0.15 m above it", () => {
    const p = eePose(chain, robot.home);
    expect(dist(p.position, [0.25, 0, 0.15])).toBeLessThan(1e-5);
    expect(quatAngle(p.quaternion, topDown(0))).toBeLessThan(1e-5);
  });

  it("supports position-only solves", () => {
    const target: Pose = {
      position: [0.3, 0.1, 0.05],
      quaternion: [0, 0, 0, 1],
    };
    const r = solveIk(chain, target, robot.home, { positionOnly: true });
    expect(r.converged).toBe(true);
    expect(fkError(chain, r.q, target).pos).toBeLessThan(0.001);
  });

  it("fails cleanly and deterministically on unreachable targets", () => {
    const target: Pose = { position: [1, 0, 0.2], quaternion: topDown(0) };
    const a = solveIk(chain, target, robot.home);
    const b = solveIk(chain, target, robot.home);
    expect(a.converged).toBe(false);
    expect(a.q.every(Number.isFinite) && inLimits(chain, a.q)).toBe(true);
    expect(b).toEqual(a);
    expect(a.positionError).toBeGreaterThan(0.25); // max reach is ~0.66 m from the shoulder
  });
});

describe("solveIk (7-joint Franka Panda fixture)", () => {
  it("solves random reachable targets for a redundant arm", () => {
    const panda = compileChain(loadRobotDescription(fileURLToPath(new URL("./fixtures/franka-panda.json", import.meta.url))));
    const rand = lcg(3);
    let ok = 0;
    for (let k = 0; k < 50; k++) {
      const target = eePose(panda, randomQ(panda, rand));
      const r = solveIk(panda, target, panda.robot.home);
      if (withinSpec(r)) ok++;
      expect(inLimits(panda, r.q)).toBe(true);
    }
    expect(ok).toBeGreaterThanOrEqual(49);
  });
});

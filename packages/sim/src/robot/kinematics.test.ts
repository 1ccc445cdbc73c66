import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileChain, eePose, fkInto, forwardKinematics, loadRobotDescription, matToQuat, quatToMat } from "./index";

const robot = loadRobotDescription("widowx-250s");

// Interbotix mr_descriptions.wx250s: screw axes (w, v) in the base frame and home EE pose M.
const SLIST = [
  [0, 0, 1, 0, 0, 0],
  [0, 1, 0, -0.11065, 0, 0],
  [0, 1, 0, -0.36065, 0, 0.04975],
  [1, 0, 0, 0, 0.36065, 0],
  [0, 1, 0, -0.36065, 0, 0.29975],
  [1, 0, 0, 0, 0.36065, 0],
];
const M_POS = [0.458325, 0, 0.36065];

type Mat4 = number[][];
const mul = (a: Mat4, b: Mat4): Mat4 => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
/** Matrix exponential of a revolute screw (Modern Robotics eq. 3.88). */
function screwExp([wx, wy, wz, vx, vy, vz]: number[], t: number): Mat4 {
  const W = [
    [0, -wz, wy],
    [wz, 0, -wx],
    [-wy, wx, 0],
  ];
  const W2 = W.map((r) => W[0].map((_, j) => r.reduce((s, v, k) => s + v * W[k][j], 0)));
  const I = (i: number, j: number) => (i === j ? 1 : 0);
  const R = W.map((r, i) => r.map((_, j) => I(i, j) + Math.sin(t) * W[i][j] + (1 - Math.cos(t)) * W2[i][j]));
  const G = W.map((r, i) => r.map((_, j) => I(i, j) * t + (1 - Math.cos(t)) * W[i][j] + (t - Math.sin(t)) * W2[i][j]));
  const p = G.map((r) => r[0] * vx + r[1] * vy + r[2] * vz);
  return [
    [...R[0], p[0]],
    [...R[1], p[1]],
    [...R[2], p[2]],
    [0, 0, 0, 1],
  ];
}
function poeFk(q: number[]): Mat4 {
  const M: Mat4 = [
    [1, 0, 0, M_POS[0]],
    [0, 1, 0, 0],
    [0, 0, 1, M_POS[2]],
    [0, 0, 0, 1],
  ];
  return SLIST.reduceRight((acc, s, i) => mul(screwExp(s, q[i]), acc), M);
}

describe("forward kinematics (wx250s)", () => {
  it("puts the tool at mr_descriptions M at zero configuration", () => {
    const { ee, joints } = forwardKinematics(robot, [0, 0, 0, 0, 0, 0]);
    ee.position.forEach((v, i) => {
      expect(v).toBeCloseTo(M_POS[i], 6);
    });
    expect(Math.abs(ee.quaternion[3])).toBeCloseTo(1, 9);
    expect(joints.map((j) => j.position[2])).toEqual([0.072, 0.11065, 0.36065, 0.36065, 0.36065, 0.36065].map((z) => expect.closeTo(z, 9)));
  });

  it("matches the product-of-exponentials model for random configurations", () => {
    const chain = compileChain(robot);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 100; n++) {
      const q = chain.jointNames.map((_, i) => chain.lower[i] + rand() * (chain.upper[i] - chain.lower[i]));
      const T = poeFk(q);
      const f = fkInto(chain, q);
      const o = 12 * chain.dof;
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++) expect(f[o + 3 * r + c]).toBeCloseTo(T[r][c], 9);
        expect(f[o + 9 + r]).toBeCloseTo(T[r][3], 9);
      }
      const pose = eePose(chain, q);
      const R = quatToMat(pose.quaternion);
      R.forEach((v, k) => {
        expect(v).toBeCloseTo(T[Math.floor(k / 3)][k % 3], 9);
      });
    }
  });

  it("round-trips rotations through matToQuat/quatToMat, including near 180°", () => {
    for (const q of [
      [0, 0, 0, 1],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0.5, -0.5, 0.5, 0.5],
      [0.7, 0.1, -0.7, 0.1],
    ]) {
      const n = Math.hypot(...q);
      const u = q.map((v) => v / n);
      const back = matToQuat(quatToMat(u));
      const dot = Math.abs(back.reduce((s, v, i) => s + v * u[i], 0));
      expect(dot).toBeCloseTo(1, 12);
    }
  });
});

describe("forward kinematics (other arms)", () => {
  it("expresses a 7-joint Franka Panda (flange at 0.088, 0, 0.926 at q = 0; hand TCP 0.1034 m below it)", () => {
    const panda = loadRobotDescription(fileURLToPath(new URL("./fixtures/franka-panda.json", import.meta.url)));
    const { joints, ee } = forwardKinematics(panda, [0, 0, 0, 0, 0, 0, 0]);
    // Joint 7's frame sits 0.107 m above the flange (panda_joint8 offset).
    [0.088, 0, 1.033].forEach((v, i) => {
      expect(joints[6].position[i]).toBeCloseTo(v, 9);
    });
    [0.088, 0, 0.926 - 0.1034].forEach((v, i) => {
      expect(ee.position[i]).toBeCloseTo(v, 9);
    });
    // At q = 0 the hand points straight down: tool +x = world -z.
    expect(quatToMat(ee.quaternion)[6]).toBeCloseTo(-1, 9);
  });
});

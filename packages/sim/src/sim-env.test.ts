import { checkEnv, type Scene } from "@gauntlet/core";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScene } from "./load-scene";
import { makeSimEnv } from "./sim-env";

const scenesDir = fileURLToPath(new URL("../../../scenes/", import.meta.url));
const scenes: Scene[] = readdirSync(scenesDir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => loadScene(`${scenesDir}${f}`));

describe("SimEnv", () => {
  it("has a scene file for each of the four tasks", () => {
    expect(scenes.map((s) => s.task.type).sort()).toEqual(["pick-lift", "place", "push", "stack"]);
  });

  it.each(scenes.map((s) => [s.id, s] as const))("passes checkEnv on %s", async (_id, scene) => {
    const env = await makeSimEnv(scene);
    const checks = await checkEnv(env);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it("renders a third-person and a wrist camera that see different things", async () => {
    const env = await makeSimEnv(scenes[0]);
    const { obs } = await env.reset({ seed: 1 });
    const third = obs.images.third.data;
    const wrist = obs.images.wrist.data;
    expect(third.length).toBe(128 * 128 * 4);
    expect(Buffer.compare(Buffer.from(third), Buffer.from(wrist))).not.toBe(0);
    // Not a blank frame: many distinct colours.
    const colours = new Set<number>();
    for (let i = 0; i < third.length; i += 4) colours.add((third[i] << 16) | (third[i + 1] << 8) | third[i + 2]);
    expect(colours.size).toBeGreaterThan(10);
    await env.close();
  });

  it("rejects bad actions with the component named, and steps after the end", async () => {
    const env = await makeSimEnv(scenes[0], { cameras: [] });
    await env.reset({ seed: 0 });
    await expect(env.step([0, 0, 0, 0, 0, 0])).rejects.toThrow("action: expected 7 numbers [dx, dy, dz, droll, dpitch, dyaw, gripper], got 6");
    await expect(env.step([0, Number.NaN, 0, 0, 0, 0, 1])).rejects.toThrow("action[1] (dy): expected a finite number, got NaN");
    for (let t = 0; t < env.spec.maxSteps; t++) await env.step([0, 0, 0, 0, 0, 0, 1]);
    await expect(env.step([0, 0, 0, 0, 0, 0, 1])).rejects.toThrow(/episode has ended/);
    await env.close();
  });

  it("renders at 512x512 when the scene asks for it", async () => {
    const scene = { ...scenes[0], cameras: scenes[0].cameras.map((c) => ({ ...c, width: 512, height: 512 })) };
    const env = await makeSimEnv(scene, { cameras: ["third"] });
    const { obs } = await env.reset({ seed: 0 });
    expect(obs.images.third).toMatchObject({ width: 512, height: 512 });
    expect(obs.images.third.data.length).toBe(512 * 512 * 4);
    await env.close();
  });
});

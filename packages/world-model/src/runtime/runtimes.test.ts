import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeRng } from "@gauntlet/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadJudge } from "../judge";
import { shippedModels, TINY_DIFFUSION, TINY_DIRECT } from "../testing/shipped-models";
import { loadWorldModel } from "../world-model";
import { cudaProviderLibrary, defaultNodeProviders } from "./node-runtime";
import { openSession } from "./open-session";
import type { ModelSession, Tensor } from "./session";

/** Random feeds matching a session's declared inputs, batch 3. */
function feedsFor(session: ModelSession, seed: number): Record<string, Tensor> {
  const rng = makeRng(seed);
  return Object.fromEntries(
    session.inputs.map((v) => {
      const dims = v.shape.map((d) => (typeof d === "number" && d > 0 ? d : 3));
      const size = dims.reduce((a, b) => a * b, 1);
      // Positive values: noise levels feed log(sigma).
      return [v.name, { data: Float32Array.from({ length: size }, () => rng.uniform(0.05, 1)), dims }];
    }),
  );
}

const models = [...new Set([TINY_DIFFUSION, TINY_DIRECT, ...shippedModels("gauntlet-world-model"), ...shippedModels("gauntlet-judge")])];
const opened: ModelSession[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

describe("onnxruntime-node and onnxruntime-web agree", () => {
  it.each(models)("within 1e-4 on %s", async (dir) => {
    const { files } = JSON.parse((await import("node:fs")).readFileSync(join(dir, "manifest.json"), "utf8"));
    const path = join(dir, files.model);
    const node = await openSession(path, { runtime: "node" });
    const web = await openSession(path, { runtime: "web" });
    opened.push(node, web);
    expect(node.runtime).toBe("onnxruntime-node");
    expect(web.runtime).toBe("onnxruntime-web");
    expect(web.provider).toBe("wasm");
    expect(web.inputs).toEqual(node.inputs);
    const feeds = feedsFor(node, 11);
    const a = await node.run(feeds);
    const b = await web.run(feeds);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    let worst = 0;
    for (const name of Object.keys(a)) {
      expect(b[name].dims).toEqual(a[name].dims);
      a[name].data.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - b[name].data[i]));
      });
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it("give the same sampled frames through a whole diffusion prediction", async () => {
    const onNode = await loadWorldModel(TINY_DIFFUSION, { runtime: "node" });
    const onWeb = await loadWorldModel(TINY_DIFFUSION, { runtime: "web" });
    opened.push(onNode.session, onWeb.session);
    const feeds = feedsFor(onNode.session, 5);
    const req = { frames: feeds.frames.data, actions: feeds.actions.data.map((v) => v * 0.05), state: feeds.state.data, rngs: [makeRng(1), makeRng(2), makeRng(3)] };
    const a = await onNode.predict(req);
    const b = await onWeb.predict({ ...req, rngs: [makeRng(1), makeRng(2), makeRng(3)] });
    const worst = a.frames.reduce((w, v, i) => Math.max(w, Math.abs(v - b.frames[i])), 0);
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it("falls back to the next provider and names every failure when none loads", async () => {
    const path = join(TINY_DIRECT, "model.onnx");
    const lines: string[] = [];
    const s = await openSession(path, { runtime: "node", providers: ["no-such-ep", "cpu"], log: (l) => lines.push(l) });
    opened.push(s);
    expect(s.provider).toBe("cpu");
    expect(lines).toEqual(["world-model: onnxruntime-node on cpu (after no-such-ep failed)"]);
    process.env.GAUNTLET_ORT_PROVIDERS = "no-such-ep, cpu";
    try {
      expect(defaultNodeProviders()).toEqual(["no-such-ep", "cpu"]);
    } finally {
      delete process.env.GAUNTLET_ORT_PROVIDERS;
    }
    expect(defaultNodeProviders().at(-1)).toBe("cpu");
    // The CUDA provider, once installed, lands beside the binding this process loaded.
    expect(existsSync(join(dirname(cudaProviderLibrary()), "onnxruntime_binding.node"))).toBe(true);
    await expect(openSession(path, { runtime: "node", providers: ["no-such-ep"] })).rejects.toThrow(/no execution provider could load the model:\n {2}no-such-ep: /);
  });

  it("loads the judge on the web runtime too", async () => {
    const judges = shippedModels("gauntlet-judge");
    const judge = await loadJudge(judges[0], { runtime: "web" });
    opened.push((judge as unknown as { session: ModelSession }).session);
    const verdicts = await judge.score(new Float32Array(3 * judge.manifest.image.width * judge.manifest.image.height).fill(0.5), [{ instruction: "push the blue block onto the green target", task: "push" }]);
    expect(verdicts[0].progress).toBeGreaterThanOrEqual(0);
  });
});

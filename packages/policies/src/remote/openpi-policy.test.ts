import { PolicyUnavailableError } from "@gauntlet/core";
import { afterEach, describe, expect, it } from "vitest";
import type { NdArray } from "./nd-array";
import { OpenPiPolicy } from "./openpi-policy";
import { rgbaToRgb } from "./openpi-keys";
import { deadPort, TEST_SPEC, testObservation } from "./testing/fixtures";
import { type OpenPiTestServerOptions, startOpenPiTestServer } from "./testing/openpi-test-server";
import { testChunk } from "./testing/test-chunk";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(server: OpenPiTestServerOptions = {}, policy: Partial<ConstructorParameters<typeof OpenPiPolicy>[0]> = {}) {
  const srv = await startOpenPiTestServer(server);
  cleanup.push(() => srv.close());
  const p = new OpenPiPolicy({ url: srv.url, timeoutMs: 300, reconnect: { attempts: 3, baseMs: 10 }, ...policy });
  cleanup.push(() => p.close());
  await p.reset({ seed: 0, spec: TEST_SPEC });
  return { srv, p };
}

const rows = (chunk: ArrayLike<number>[]) => chunk.map((a) => Array.from(a));

describe("OpenPiPolicy against an openpi-compatible server", () => {
  it("delivers the observation intact: uint8 HxWx3 images, float32 state, the prompt string", async () => {
    const { srv, p } = await setup({ metadata: { robot: "test" } });
    const obs = testObservation();
    await p.act(obs);
    expect(p.serverMetadata()).toEqual({ robot: "test" });
    const sent = srv.calls[0].obs;
    expect(Object.keys(sent)).toEqual(["observation/image", "observation/wrist_image", "observation/state", "prompt"]);
    const image = sent["observation/image"] as NdArray;
    expect([image.dtype, image.shape]).toEqual(["|u1", [3, 5, 3]]);
    expect([...image.data]).toEqual([...rgbaToRgb(obs.images.third)]);
    // Pixel (row 1, col 2) keeps its channels: RGBA index (1*5+2)*4 lands at RGB index (1*5+2)*3.
    expect([...image.data.subarray(21, 24)]).toEqual([...obs.images.third.data.subarray(28, 31)]);
    const wrist = sent["observation/wrist_image"] as NdArray;
    expect([wrist.dtype, wrist.shape]).toEqual(["|u1", [2, 2, 3]]);
    const state = sent["observation/state"] as NdArray;
    expect([state.dtype, state.shape]).toEqual(["<f4", [7]]);
    expect(state.values()).toEqual(obs.state);
    expect(sent.prompt).toBe("pick up the red cube");
  });

  it("returns every row of an [H, D] reply in order, and a [D] reply as a chunk of one", async () => {
    const { p } = await setup({ chunk: 5 });
    const obs = testObservation();
    const chunk = await p.act(obs);
    const expected = testChunk(obs.state, 5, 7);
    expect(rows(chunk)).toEqual(Array.from({ length: 5 }, (_, h) => Array.from(expected.subarray(h * 7, h * 7 + 7))));
    expect(chunk.map((a) => a[3])).toEqual([0, 0.01, 0.02, 0.03, 0.04].map(Math.fround));
    const flat = await setup({ flat: true });
    expect(rows(await flat.p.act(obs))).toEqual([Array.from(testChunk(obs.state, 1, 7))]);
  });

  it("sends the Api-Key authorization header", async () => {
    const { srv, p } = await setup({}, { apiKey: "s3cret" });
    await p.act(testObservation());
    expect(srv.calls[0].authorization).toBe("Api-Key s3cret");
  });

  it("rejects with PolicyUnavailableError when the server hangs, and reconnects on the next call", async () => {
    const { srv, p } = await setup({ mode: "hang" });
    const err = await p.act(testObservation()).catch((e) => e);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect(err.message).toMatch(/did not reply within 300 ms/);
    srv.setMode("normal");
    expect(await p.act(testObservation())).toHaveLength(4);
  });

  it("errors when the server dies mid-episode, then reconnects to the restarted server", async () => {
    const { srv, p } = await setup({ mode: { crashAfter: 2 } });
    await p.act(testObservation(0));
    await p.act(testObservation(1));
    await expect(p.act(testObservation(2))).rejects.toThrow(PolicyUnavailableError);
    const down = await p.act(testObservation(3)).catch((e) => e);
    expect(down).toBeInstanceOf(PolicyUnavailableError);
    expect(down.message).toMatch(/connecting to openpi server .* failed after 3 attempts: .*ECONNREFUSED/);
    const restarted = await startOpenPiTestServer({ port: srv.port });
    cleanup.push(() => restarted.close());
    expect(await p.act(testObservation(4))).toHaveLength(4);
    expect(restarted.calls).toHaveLength(1);
  });

  it("carries the server's traceback text when it answers with a text frame", async () => {
    const { p } = await setup({ mode: "error" });
    const err = await p.act(testObservation()).catch((e) => e);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect(err.message).toMatch(/raised an error:\nTraceback[\s\S]*simulated policy failure/);
  });

  it("names the shape when the reply's action width does not match the spec", async () => {
    const { p } = await setup({ actionDims: 6 });
    await expect(p.act(testObservation())).rejects.toThrow(/actions have shape \[4, 6\], expected \[H, 7\] or \[7\]/);
  });

  it("fails reset when nothing listens, and names a camera the key mapping wants but the env lacks", async () => {
    const dead = new OpenPiPolicy({ url: `127.0.0.1:${await deadPort()}`, reconnect: { attempts: 2, baseMs: 1 } });
    await expect(dead.reset({ seed: 0, spec: TEST_SPEC })).rejects.toThrow(PolicyUnavailableError);
    const wrong = new OpenPiPolicy({ url: "127.0.0.1:1", keys: { "observation/image": { image: "top" } } });
    await expect(wrong.reset({ seed: 0, spec: TEST_SPEC })).rejects.toThrow(/keys\["observation\/image"\]: no camera "top".*third, wrist/);
    await dead.close();
    await dead.close();
  });
});

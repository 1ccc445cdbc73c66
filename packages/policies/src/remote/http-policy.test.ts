import { PolicyUnavailableError } from "@gauntlet/core";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpActRequest, HttpPolicy, type HttpPolicyOptions } from "./http-policy";
import { deadPort, TEST_SPEC, testObservation } from "./testing/fixtures";
import { type HttpTestServerOptions, startHttpTestServer } from "./testing/http-test-server";
import { testChunk } from "./testing/test-chunk";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(server: HttpTestServerOptions = {}, policy: Partial<HttpPolicyOptions> = {}) {
  const srv = await startHttpTestServer(server);
  cleanup.push(() => srv.close());
  const p = new HttpPolicy({ url: `${srv.url}/`, timeoutMs: 300, reconnect: { attempts: 3, baseMs: 10 }, ...policy });
  await p.reset({ seed: 42, spec: TEST_SPEC });
  return { srv, p };
}

const rows = (chunk: ArrayLike<number>[]) => chunk.map((a) => Array.from(a));

describe("HttpPolicy against a JSON test server", () => {
  it("posts the seed and spec to /reset and the observation intact to /act", async () => {
    const { srv, p } = await setup();
    const obs = testObservation();
    await p.act(obs);
    expect(srv.calls.map((c) => c.path)).toEqual(["/reset", "/act"]);
    expect(srv.calls[0].body).toEqual(JSON.parse(JSON.stringify({ seed: 42, spec: TEST_SPEC })));
    const body = srv.calls[1].body as HttpActRequest;
    expect(Object.keys(body.images)).toEqual(["third", "wrist"]);
    const third = body.images.third;
    expect([third.width, third.height, third.encoding]).toEqual([5, 3, "rgba8-base64"]);
    expect([...Buffer.from(third.data, "base64")]).toEqual([...obs.images.third.data]);
    expect(new Float32Array(body.state)).toEqual(obs.state);
    expect(body.instruction).toBe("pick up the red cube");
  });

  it("returns an { actions } chunk in order and an { action } reply as a chunk of one", async () => {
    const { p } = await setup({ chunk: 3 });
    const obs = testObservation();
    const expected = testChunk(obs.state, 3, 7);
    expect(rows(await p.act(obs))).toEqual([0, 1, 2].map((h) => Array.from(expected.subarray(h * 7, h * 7 + 7))));
    const flat = await setup({ flat: true });
    expect(rows(await flat.p.act(obs))).toEqual([Array.from(testChunk(obs.state, 1, 7))]);
  });

  it("sends the Api-Key authorization header", async () => {
    const { srv, p } = await setup({}, { apiKey: "s3cret" });
    await p.act(testObservation());
    expect(srv.calls.map((c) => c.authorization)).toEqual(["Api-Key s3cret", "Api-Key s3cret"]);
  });

  it("rejects with PolicyUnavailableError when the server hangs, and works again once it answers", async () => {
    const { srv, p } = await setup({ mode: "hang" });
    const err = await p.act(testObservation()).catch((e) => e);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect(err.message).toMatch(/got no reply within 300 ms/);
    srv.setMode("normal");
    expect(await p.act(testObservation())).toHaveLength(4);
  });

  it("errors when the server dies mid-episode, then reaches the restarted server", async () => {
    const { srv, p } = await setup({ mode: { crashAfter: 1 } });
    await p.act(testObservation(0));
    await expect(p.act(testObservation(1))).rejects.toThrow(PolicyUnavailableError);
    const down = await p.act(testObservation(2)).catch((e) => e);
    expect(down).toBeInstanceOf(PolicyUnavailableError);
    expect(down.message).toMatch(/failed after 3 attempts: .*ECONNREFUSED/);
    const restarted = await startHttpTestServer({ port: srv.port });
    cleanup.push(() => restarted.close());
    expect(await p.act(testObservation(3))).toHaveLength(4);
  });

  it("carries the status and body of 5xx and 4xx replies", async () => {
    const { p } = await setup({ mode: "error" });
    await expect(p.act(testObservation())).rejects.toThrow(/HTTP 500 Internal Server Error: simulated policy failure/);
    const { p: p4 } = await setup({ mode: "error", errorStatus: 422 });
    const err = await p4.act(testObservation()).catch((e) => e);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect(err.message).toMatch(/HTTP 422 .*: simulated policy failure/);
  });

  it("names malformed JSON and a wrong action width", async () => {
    const { p } = await setup({ mode: "malformed" });
    await expect(p.act(testObservation())).rejects.toThrow(/malformed JSON: \{not json/);
    const { p: narrow } = await setup({ actionDims: 6 });
    const err = await narrow.act(testObservation()).catch((e) => e);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect(err.message).toMatch(/actions have shape \[4, 6\], expected \[H, 7\] or \[7\]/);
  });

  it("fails reset with PolicyUnavailableError when nothing listens", async () => {
    const port = await deadPort();
    const dead = new HttpPolicy({ url: `http://127.0.0.1:${port}`, reconnect: { attempts: 2, baseMs: 1 } });
    const err = await dead.reset({ seed: 0, spec: TEST_SPEC }).catch((e) => e);
    expect(err).toBeInstanceOf(PolicyUnavailableError);
    expect(err.message).toBe(`POST http://127.0.0.1:${port}/reset failed after 2 attempts: fetch failed (ECONNREFUSED)`);
  });
});

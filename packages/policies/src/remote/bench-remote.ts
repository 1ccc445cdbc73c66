/**
 * Per-step round-trip overhead of the remote policies against loopback servers that answer at once
 * (one 128x128 camera plus the state vector): what Gauntlet adds on top of model inference.
 *
 *   npx tsx packages/policies/src/remote/bench-remote.ts          # prints JSON
 *   npx tsx packages/policies/src/remote/bench-remote.ts 2000     # more calls
 *
 * The servers run in the same Node process, so their decode/encode time is counted too.
 */
import { pathToFileURL } from "node:url";
import type { Observation, Policy } from "@gauntlet/core";
import { HttpPolicy } from "./http-policy";
import { OpenPiPolicy } from "./openpi-policy";
import { startHttpTestServer } from "./testing/http-test-server";
import { startOpenPiTestServer } from "./testing/openpi-test-server";
import { TEST_SPEC } from "./testing/fixtures";

export interface RemoteOverhead {
  /** Median milliseconds per `act` over the openpi websocket protocol. */
  openpiMsPerStep: number;
  /** Median milliseconds per `act` over the JSON HTTP protocol. */
  httpMsPerStep: number;
}

const SIZE = 128;
const spec = { ...TEST_SPEC, cameras: [{ name: "third", width: SIZE, height: SIZE }] };

function benchObservation(): Observation {
  const data = new Uint8Array(SIZE * SIZE * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
  return {
    images: { third: { width: SIZE, height: SIZE, data } },
    state: new Float32Array([0.3, 0, 0.2, 0, 0, 0, 1]),
    instruction: "pick up the red cube",
  };
}

async function medianMsPerStep(policy: Policy, calls: number, warmup: number): Promise<number> {
  await policy.reset({ seed: 0, spec });
  const obs = benchObservation();
  for (let i = 0; i < warmup; i++) await policy.act(obs);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await policy.act(obs);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Measures the median per-step overhead (after warm-up) of OpenPiPolicy and HttpPolicy on loopback. */
export async function benchRemoteOverhead(opts: { calls?: number; warmup?: number } = {}): Promise<RemoteOverhead> {
  const { calls = 500, warmup = 100 } = opts;
  const openpi = await startOpenPiTestServer();
  const http = await startHttpTestServer();
  const openpiPolicy = new OpenPiPolicy({ url: openpi.url, keys: { "observation/image": { image: "third" }, "observation/state": "state", prompt: "instruction" } });
  const httpPolicy = new HttpPolicy({ url: http.url });
  try {
    return {
      openpiMsPerStep: await medianMsPerStep(openpiPolicy, calls, warmup),
      httpMsPerStep: await medianMsPerStep(httpPolicy, calls, warmup),
    };
  } finally {
    await openpiPolicy.close();
    await Promise.all([openpi.close(), http.close()]);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const calls = Number(process.argv[2] ?? 500);
  console.log(JSON.stringify(await benchRemoteOverhead({ calls }), null, 2));
}

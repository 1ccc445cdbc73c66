/** How a test server behaves on observation calls (`/act`, or a websocket message). */
export type TestServerMode =
  /** Replies with testChunk(state). */
  | "normal"
  /** Never replies. */
  | "hang"
  /** Fails the call: a traceback text frame (openpi), HTTP errorStatus (HTTP). */
  | "error"
  /** Serves N calls, then on the next one drops every connection and stops listening, like a killed process. */
  | { crashAfter: number };

/** The point the test policy steers the end effector toward. */
export const TEST_TARGET: readonly number[] = [0.4, 0, 0.2];

/**
 * The chunk the test servers answer: `chunk` rows, row-major, each `actionDims` wide.
 * Row h is [clamp(target - xyz, ±0.05) ×3, h / 100, state[6] ?? 0, 0.5 - h / 100, 1, 0...], so a test can
 * check both that the state arrived intact and that the rows come back in order.
 */
export function testChunk(state: ArrayLike<number>, chunk: number, actionDims: number): Float32Array {
  const out = new Float32Array(chunk * actionDims);
  for (let h = 0; h < chunk; h++) {
    const row = [
      ...TEST_TARGET.map((t, j) => Math.min(0.05, Math.max(-0.05, t - (state[j] ?? 0)))),
      h / 100,
      state[6] ?? 0,
      0.5 - h / 100,
      1,
    ];
    for (let j = 0; j < actionDims; j++) out[h * actionDims + j] = row[j] ?? 0;
  }
  return out;
}

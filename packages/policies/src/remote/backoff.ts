import { PolicyUnavailableError } from "@gauntlet/core";

/** How hard to try reaching a server before giving up on the current call. */
export interface BackoffOptions {
  /** Connection attempts per call; 5 by default. */
  attempts?: number;
  /** Wait after the first failed attempt, doubled after each further one; 100 ms by default. */
  baseMs?: number;
  /** Cap on a single wait; 2000 ms by default. */
  maxMs?: number;
}

/** The wait after failed attempt `k` (0-based): baseMs × 2^k, capped at maxMs. */
export function backoffDelay(k: number, { baseMs = 100, maxMs = 2000 }: BackoffOptions = {}): number {
  return Math.min(maxMs, baseMs * 2 ** k);
}

/**
 * Runs `attempt` until it succeeds, waiting with exponential backoff after each failure that
 * `retryable` accepts (by default every error but PolicyUnavailableError, which means "final").
 * Gives up with PolicyUnavailableError naming `what` and the last error.
 */
export async function withBackoff<T>(
  what: string,
  attempt: () => Promise<T>,
  opts: BackoffOptions & { retryable?: (err: unknown) => boolean } = {},
): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? 5);
  const retryable = opts.retryable ?? ((err: unknown) => !(err instanceof PolicyUnavailableError));
  for (let k = 0; ; k++) {
    try {
      return await attempt();
    } catch (err) {
      if (k + 1 < attempts && retryable(err)) {
        await new Promise((r) => setTimeout(r, backoffDelay(k, opts)));
        continue;
      }
      if (err instanceof PolicyUnavailableError) throw err;
      const tries = k === 0 ? "1 attempt" : `${k + 1} attempts`;
      throw new PolicyUnavailableError(`${what} failed after ${tries}: ${describeError(err)}`, { cause: err });
    }
  }
}

/** An error's message plus its cause's code or message, since fetch hides the useful part ("ECONNREFUSED") there. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
}

/** Errors with an HTTP status and a machine-readable reason; their message is safe to show to clients. */
import { TokenError } from "./tokens";

export class ArenaError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }

  /** Maps token failures to 401/410; passes ArenaErrors through; anything else is rethrown as is. */
  static from(err: unknown): ArenaError {
    if (err instanceof ArenaError) return err;
    if (err instanceof TokenError) return new ArenaError(err.reason === "expired" ? 410 : 401, err.reason, err.message);
    throw err;
  }
}

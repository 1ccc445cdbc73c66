/**
 * Token-bucket rate limits in memory, one bucket per key (an IP address, a session). A bucket holds
 * `burst` tokens and refills at `perSecond`; a request that finds it empty gets 429 with Retry-After.
 */
import type { NextFunction, Request, Response } from "express";

export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit) {
    if (!(limit.perSecond > 0 && limit.burst >= 1)) throw new Error(`rate limit: expected perSecond > 0 and burst >= 1, got ${JSON.stringify(limit)}`);
  }

  /** Takes one token for `key`; returns 0 if allowed, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size > 100_000) this.prune(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.limit.perSecond);
  }

  /** Drops buckets that have refilled completely (they hold no information). */
  private prune(now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(key);
  }
}

/** Express middleware limiting by `keyOf(req)` (skipped when it returns undefined). */
export function rateLimit(limiter: RateLimiter, keyOf: (req: Request) => string | undefined, what: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = keyOf(req);
    const wait = key === undefined ? 0 : limiter.take(key);
    if (wait === 0) return next();
    res.setHeader("Retry-After", String(wait));
    res.status(429).json({ error: `too many requests from this ${what}; retry in ${wait} s`, reason: "rate-limited" });
  };
}

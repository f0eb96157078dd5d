// Per-key request budgets: a token bucket that holds a minute's allowance and refills it evenly over the minute.

export interface TokenBucket {
  tokens: number;
  /** When `tokens` was last brought up to date (milliseconds since the epoch). */
  updatedAt: number;
}

/** Let in, or how many whole seconds until one more request would be (always at least 1, as `retry-after` wants). */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * Takes one token for a request at `now` under a limit of `perMinute`, returning the bucket after it and the verdict.
 * A bucket starts full, so a burst of up to a minute's allowance passes; a changed limit clamps what is held.
 */
export function takeToken(bucket: TokenBucket | undefined, perMinute: number, now: number): { bucket: TokenBucket; admission: Admission } {
  const refillPerMs = perMinute / 60_000;
  const held = bucket ? Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * refillPerMs) : perMinute;
  if (held >= 1) return { bucket: { tokens: held - 1, updatedAt: now }, admission: { admitted: true } };
  const retryAfterSeconds = Math.max(1, Math.ceil((1 - held) / refillPerMs / 1000));
  return { bucket: { tokens: held, updatedAt: now }, admission: { admitted: false, retryAfterSeconds } };
}

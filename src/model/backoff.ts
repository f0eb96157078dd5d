// Backoff for durable model retries: exponential with full jitter, never sooner than the server's retry-after.
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export function retryPolicyFrom(settings: { LUCID_RETRY_BASE_MS?: string; LUCID_RETRY_MAX_ATTEMPTS?: string }): RetryPolicy {
  const baseMs = Number(settings.LUCID_RETRY_BASE_MS) || 2_000;
  const maxAttempts = Number(settings.LUCID_RETRY_MAX_ATTEMPTS) || 6;
  return { baseMs, maxMs: Math.max(baseMs, 120_000), maxAttempts };
}

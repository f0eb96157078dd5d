// How long webhook deliveries keep trying, when an endpoint is given up on, and the settings that tune both.
import type { Env } from "../env";

/** Attempts per delivery; must equal `max_retries + 1` of the `lucid-webhooks` consumer in wrangler.toml. */
const DEFAULT_MAX_ATTEMPTS = 8;
/** First retry delay; each later one is four times longer, capped at the 12 hours a queue message may be delayed. */
const DEFAULT_RETRY_BASE_SECONDS = 30;
const DEFAULT_RETRY_MAX_SECONDS = 12 * 60 * 60;
/** An endpoint whose every attempt has failed this long is disabled when one more delivery exhausts its retries. */
const DEFAULT_DISABLE_AFTER_SECONDS = 24 * 60 * 60;

export interface DeliveryPolicy {
  maxAttempts: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  disableAfterSeconds: number;
  /** Local development: http:// and https:// to this machine are allowed. */
  allowLoopback: boolean;
}

export function deliveryPolicy(env: Env): DeliveryPolicy {
  return {
    maxAttempts: whole(env.LUCID_WEBHOOK_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, 1),
    retryBaseSeconds: whole(env.LUCID_WEBHOOK_RETRY_BASE_SECONDS, DEFAULT_RETRY_BASE_SECONDS, 0),
    retryMaxSeconds: whole(env.LUCID_WEBHOOK_RETRY_MAX_SECONDS, DEFAULT_RETRY_MAX_SECONDS, 0),
    disableAfterSeconds: whole(env.LUCID_WEBHOOK_DISABLE_AFTER_SECONDS, DEFAULT_DISABLE_AFTER_SECONDS, 0),
    allowLoopback: env.LUCID_WEBHOOKS_ALLOW_LOOPBACK === "true",
  };
}

/**
 * Seconds to wait after failed attempt `attempt` (1-based) before the next, or null when it was the last.
 * With the defaults: 30 s, 2 min, 8 min, 32 min, about 2 h, 8.5 h and 12 h, so a delivery keeps trying for about a day.
 */
export function retryDelaySeconds(policy: DeliveryPolicy, attempt: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return Math.min(policy.retryBaseSeconds * 4 ** (attempt - 1), policy.retryMaxSeconds);
}

/** Whether an endpoint that has failed every attempt since `failingSince` has failed long enough to be disabled. */
export function shouldDisableEndpoint(policy: DeliveryPolicy, failingSince: string | null, now: Date): boolean {
  if (!failingSince) return false;
  return now.getTime() - Date.parse(failingSince) >= policy.disableAfterSeconds * 1000;
}

function whole(value: string | undefined, fallback: number, min: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(parsed) && parsed >= min ? parsed : fallback;
}

// Per-key rate limiting: a request over its key's budget is answered 429 rate_limit_error with `retry-after`.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Admission } from "../directory/token-bucket";
import type { Env } from "../env";
import { ApiError } from "../platform/errors";
import { directoryOf } from "../platform/stubs";
import { ADMIN_DIRECTORY, type AppEnv } from "./app-env";

const DEFAULT_TENANT_KEY_LIMIT = 1200;
/** The admin key drives benchmarks and load tests against a local Worker, so it is unlimited unless configured. */
const DEFAULT_ADMIN_KEY_LIMIT = 0;

/** A per-minute setting from the environment: a whole number of at least 0, else `fallback`. */
export function perMinute(setting: string | undefined, fallback: number): number {
  const value = Number(setting);
  return setting !== undefined && setting !== "" && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Requests per minute for a tenant key that sets no limit of its own (0: unlimited). */
export const tenantKeyLimit = (env: Env) => perMinute(env.LUCID_RATE_LIMIT_PER_MINUTE, DEFAULT_TENANT_KEY_LIMIT);

/** The admin key's budget, kept by the admin directory (which holds no tenant's data, so adds no load to one). */
async function admitAdminRequest(env: Env): Promise<Admission> {
  const limit = perMinute(env.LUCID_ADMIN_RATE_LIMIT_PER_MINUTE, DEFAULT_ADMIN_KEY_LIMIT);
  if (limit === 0) return { admitted: true };
  return directoryOf(env, ADMIN_DIRECTORY).admitRequest("admin", limit);
}

/**
 * Runs after `authenticate`, which took a tenant key's request from its budget while verifying it (one round trip).
 * A stream or WebSocket is one request: it counts once, when it connects.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const admission = c.get("credential").type === "admin" ? await admitAdminRequest(c.env) : c.get("admission");
  if (admission.admitted) return next();
  return tooManyRequests(c, "This API key is over its rate limit", admission.retryAfterSeconds);
});

/** The 429 rate_limit_error answer, with `retry-after` in whole seconds (also in the message). */
export function tooManyRequests(c: Context<AppEnv>, reason: string, seconds: number): Response {
  const error = new ApiError("rate_limit_error", `${reason}; retry in ${seconds} second${seconds === 1 ? "" : "s"}.`);
  return c.json(error.toBody(), 429, { "retry-after": String(seconds) });
}

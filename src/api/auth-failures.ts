// Failed sign-ins per client, counted in this isolate's memory: a client that keeps presenting wrong keys is refused
// (429) before its requests are parsed or looked up, so guessing keys costs no storage and no Durable Object call.
import type { Context } from "hono";
import { type Admission, type TokenBucket, takeToken } from "../directory/token-bucket";
import type { Env } from "../env";
import type { AppEnv } from "./app-env";
import { setBounded } from "../platform/bounded-map";
import { perMinute, tooManyRequests } from "./rate-limit";

const DEFAULT_FAILURES_PER_MINUTE = 30;
/** Clients remembered per isolate, so memory stays bounded; one forgotten (it failed longest ago) starts again in full. */
const MAX_CLIENTS = 10_000;
/** Cloudflare sets `cf-connecting-ip` on every request it forwards (a client cannot); only local requests lack it. */
const LOCAL_CLIENT = "local";

/** Failed sign-ins a client may make per minute (0: unlimited). */
const failuresPerMinute = (env: Env) => perMinute(env.LUCID_AUTH_FAILURES_PER_MINUTE, DEFAULT_FAILURES_PER_MINUTE);

const clientAddress = (headers: Headers) => headers.get("cf-connecting-ip")?.trim() || LOCAL_CLIENT;

/** Failure budgets by client address: each failure takes a token, and a client holding none is refused. */
export type FailureLedger = Map<string, TokenBucket>;

/** Whether `client` may try to sign in at `now` (it has a failure left in its budget). Changes nothing. */
export function signInAdmission(ledger: FailureLedger, client: string, limit: number, now: number): Admission {
  if (limit <= 0) return { admitted: true };
  return takeToken(ledger.get(client), limit, now).admission;
}

/** Takes one failure from the budget of `client` at `now`. */
export function recordFailure(ledger: FailureLedger, client: string, limit: number, now: number, capacity = MAX_CLIENTS): void {
  if (limit <= 0) return;
  setBounded(ledger, client, takeToken(ledger.get(client), limit, now).bucket, capacity);
}

const ledger: FailureLedger = new Map();

/** The 429 for a client over its failure budget, or null when it may try. */
export function refuseRepeatedFailures(c: Context<AppEnv>): Response | null {
  const admission = signInAdmission(ledger, clientAddress(c.req.raw.headers), failuresPerMinute(c.env), Date.now());
  if (admission.admitted) return null;
  return tooManyRequests(c, "Too many failed sign-ins from this client", admission.retryAfterSeconds);
}

/** Takes a wrong key from its client's budget; requests that sign in never count. */
export function countFailedSignIn(c: Context<AppEnv>): void {
  recordFailure(ledger, clientAddress(c.req.raw.headers), failuresPerMinute(c.env), Date.now());
}

// Authenticates `x-api-key`, `Authorization: Bearer` or (WebSocket upgrades of stream routes only) a `lucid.key.<key>`
// subprotocol: the admin key, or a tenant key verified against its hash. Nothing is stored or created for a key that is
// not proven: a client's failures are counted in memory first, and a tenant key's directory is reached only once the
// admin directory confirms that tenant holds that key id.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { parseApiKey, secretsEqual } from "../directory/api-key-secret";
import type { Admission } from "../directory/token-bucket";
import { ApiError } from "../platform/errors";
import { directoryOf } from "../platform/stubs";
import { type AppEnv, DEFAULT_TENANT } from "./app-env";
import { countFailedSignIn, refuseRepeatedFailures } from "./auth-failures";
import { isRegisteredKey } from "./key-registry";
import { tenantKeyLimit } from "./rate-limit";
import { isSessionStreamPath } from "./session-stream";
import { keyFromWebSocketProtocols } from "./websocket-protocol";

/** Who a proven key speaks for; a tenant key's admission says whether its request fits its rate limit. */
type Caller = { isAdmin: true } | { isAdmin: false; tenantId: string; keyId: string; admission: Admission };

function presentedKey(c: Context<AppEnv>): string | null {
  const headers = c.req.raw.headers;
  const apiKey = headers.get("x-api-key");
  if (apiKey) return apiKey.trim();
  const authorization = headers.get("authorization");
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  if (match) return match[1]!.trim();
  // Only a stream can be opened by a browser's WebSocket, which cannot set headers; elsewhere headers are required.
  return isSessionStreamPath(c.req.path) ? keyFromWebSocketProtocols(headers) : null;
}

/** The caller a key proves, or null. A tenant key takes its request from its budget in the same call (one round trip). */
async function proveKey(c: Context<AppEnv>, key: string, adminKey: string): Promise<Caller | null> {
  if (await secretsEqual(key, adminKey)) return { isAdmin: true };
  const parsed = parseApiKey(key);
  if (!parsed || !(await isRegisteredKey(c.env, parsed.keyId, parsed.tenantId))) return null;
  const admission = await directoryOf(c.env, parsed.tenantId).admitApiKey(parsed.keyId, key, tenantKeyLimit(c.env));
  return admission ? { isAdmin: false, ...parsed, admission } : null;
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const adminKey = c.env.LUCID_ADMIN_KEY;
  if (!adminKey) {
    throw new ApiError(
      "authentication_error",
      "This Lucid deployment has no LUCID_ADMIN_KEY configured, so it accepts no requests. Set one with `wrangler secret put LUCID_ADMIN_KEY`.",
    );
  }
  const refusal = refuseRepeatedFailures(c);
  if (refusal) return refusal;
  const key = presentedKey(c);
  if (!key) throw new ApiError("authentication_error", "Missing API key: send it in the x-api-key header or as `Authorization: Bearer <key>`.");
  const caller = await proveKey(c, key, adminKey);
  if (!caller) {
    countFailedSignIn(c);
    throw new ApiError("authentication_error", "Invalid API key.");
  }
  c.set("isAdmin", caller.isAdmin);
  c.set("tenantId", caller.isAdmin ? DEFAULT_TENANT : caller.tenantId);
  c.set("apiKeyId", caller.isAdmin ? "admin" : caller.keyId);
  // `rateLimit` enforces it; the admin key's budget is taken there.
  if (!caller.isAdmin) c.set("admission", caller.admission);
  return next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("isAdmin")) throw new ApiError("permission_error", "Only the admin key (LUCID_ADMIN_KEY) can manage API keys.");
  return next();
});

// Authenticates `x-api-key`, `Authorization: Bearer` or (WebSocket upgrades of stream routes only) a `lucid.key.<key>`
// subprotocol: the admin key, or a tenant's key (an API key or an environment key) verified against its hash, or a
// work item's token verified by its environment. Nothing is stored or created for a key that is not proven: a client's
// failures are counted in memory first, and a tenant key's directory is reached only once the admin directory confirms
// that tenant holds that key id (a work token's, once its environment has). What the proven credential may reach is
// decided next, by credential-scope.ts.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { parseApiKey, secretsEqual } from "../directory/api-key-secret";
import type { Admission } from "../directory/token-bucket";
import { ApiError } from "../platform/errors";
import { directoryOf } from "../platform/stubs";
import { type AppEnv, type Credential, DEFAULT_TENANT } from "./app-env";
import { countFailedSignIn, refuseRepeatedFailures } from "./auth-failures";
import { isRegisteredKey } from "./key-registry";
import { tenantKeyLimit } from "./rate-limit";
import { proveWorkToken } from "./work-token";
import { isSessionStreamPath } from "./session-stream";
import { keyFromWebSocketProtocols } from "./websocket-protocol";

/** Who a proven key speaks for: the admin, or a tenant, whose key's admission says whether its request fits its rate limit. */
type Caller = { credential: { type: "admin" } } | TenantCaller;
type TenantCaller = { credential: Exclude<Credential, { type: "admin" }>; tenantId: string; admission: Admission };
type NamedKey = { tenantId: string; keyId: string };

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

/** A tenant's API key: registered by the admin directory, then verified, and its request admitted, by its tenant's. */
async function proveApiKey(c: Context<AppEnv>, { tenantId, keyId }: NamedKey, key: string): Promise<TenantCaller | null> {
  if (!(await isRegisteredKey(c.env, keyId, tenantId))) return null;
  const admission = await directoryOf(c.env, tenantId).admitApiKey(keyId, key, tenantKeyLimit(c.env));
  return admission ? { credential: { type: "api_key", key_id: keyId }, tenantId, admission } : null;
}

/** A self-hosted environment's key: proven like an API key, its request taken from the tenant's budget the same way. */
async function proveEnvironmentKey(c: Context<AppEnv>, { tenantId, keyId }: NamedKey, key: string): Promise<TenantCaller | null> {
  if (!(await isRegisteredKey(c.env, keyId, tenantId))) return null;
  const admitted = await directoryOf(c.env, tenantId).admitEnvironmentKey(keyId, key, tenantKeyLimit(c.env));
  if (!admitted) return null;
  return { credential: { type: "environment_key", key_id: keyId, environment_id: admitted.environment_id }, tenantId, admission: admitted.admission };
}

/**
 * A work item's token: not in the key registry, it is proven by the environment its work id names (work-token.ts),
 * which creates nothing for a forged one and takes the request from the token's own budget in the same call.
 */
async function proveWork(c: Context<AppEnv>, named: NamedKey, key: string): Promise<TenantCaller | null> {
  const proven = await proveWorkToken(c.env, named, key, tenantKeyLimit(c.env));
  if (!proven) return null;
  return { credential: { type: "work", grant: proven.grant }, tenantId: named.tenantId, admission: proven.admission };
}

/** How each kind of tenant key is proven, by its key id's prefix (api-key-secret.ts); a key of no kind here proves nothing. */
const PROOFS = new Map<string, (c: Context<AppEnv>, named: NamedKey, key: string) => Promise<TenantCaller | null>>([
  ["apikey_", proveApiKey],
  ["envkey_", proveEnvironmentKey],
  ["work_", proveWork],
]);

/** The caller a key proves, or null. A tenant's key takes its request from its budget in the same call (one round trip). */
async function proveKey(c: Context<AppEnv>, key: string, adminKey: string): Promise<Caller | null> {
  if (await secretsEqual(key, adminKey)) return { credential: { type: "admin" } };
  const named = parseApiKey(key);
  const prove = named && PROOFS.get(named.keyId.slice(0, named.keyId.indexOf("_") + 1));
  return prove ? prove(c, named, key) : null;
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
  c.set("credential", caller.credential);
  if (!("tenantId" in caller)) {
    c.set("tenantId", DEFAULT_TENANT);
    c.set("apiKeyId", "admin");
    // The admin key's budget is taken by `rateLimit`.
    return next();
  }
  c.set("tenantId", caller.tenantId);
  // A work token has no key id of its own: its work item's id stands for it.
  c.set("apiKeyId", caller.credential.type === "work" ? caller.credential.grant.work_id : caller.credential.key_id);
  // `rateLimit` enforces it.
  c.set("admission", caller.admission);
  return next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("credential").type !== "admin") throw new ApiError("permission_error", "Only the admin key (LUCID_ADMIN_KEY) can manage API keys.");
  return next();
});

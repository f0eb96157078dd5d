// Authenticates `x-api-key`, `Authorization: Bearer` or (WebSocket upgrades only) a `lucid.key.<key>` subprotocol:
// the admin key, or a tenant key verified against its hash.
import { createMiddleware } from "hono/factory";
import { directoryOf } from "./object-stubs";
import { parseApiKey, secretsEqual } from "../directory/api-key-secret";
import { ApiError } from "./api-error";
import { type AppEnv, DEFAULT_TENANT } from "./app-env";
import { tenantKeyLimit } from "./rate-limit";
import { keyFromWebSocketProtocols } from "./websocket-protocol";

function presentedKey(headers: Headers): string | null {
  const apiKey = headers.get("x-api-key");
  if (apiKey) return apiKey.trim();
  const authorization = headers.get("authorization");
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match ? match[1]!.trim() : keyFromWebSocketProtocols(headers);
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const adminKey = c.env.LUCID_ADMIN_KEY;
  if (!adminKey) {
    throw new ApiError(
      "authentication_error",
      "This Lucid deployment has no LUCID_ADMIN_KEY configured, so it accepts no requests. Set one with `wrangler secret put LUCID_ADMIN_KEY`.",
    );
  }
  const key = presentedKey(c.req.raw.headers);
  if (!key) throw new ApiError("authentication_error", "Missing API key: send it in the x-api-key header or as `Authorization: Bearer <key>`.");
  if (await secretsEqual(key, adminKey)) {
    c.set("tenantId", DEFAULT_TENANT);
    c.set("isAdmin", true);
    c.set("apiKeyId", "admin");
    return next();
  }
  const parsed = parseApiKey(key);
  // Verifying the key also takes this request from its budget, in the same call; `rateLimit` enforces the verdict.
  const admission = parsed ? await directoryOf(c.env, parsed.tenantId).admitApiKey(parsed.keyId, key, tenantKeyLimit(c.env)) : null;
  if (!parsed || !admission) throw new ApiError("authentication_error", "Invalid API key.");
  c.set("admission", admission);
  c.set("tenantId", parsed.tenantId);
  c.set("isAdmin", false);
  c.set("apiKeyId", parsed.keyId);
  return next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("isAdmin")) throw new ApiError("permission_error", "Only the admin key (LUCID_ADMIN_KEY) can manage API keys.");
  return next();
});

// The actor a memory change made through the API is recorded under: the API key that authenticated the request.
import type { Context } from "hono";
import { parseApiKey } from "../../directory/api-key-secret";
import type { Actor } from "../../schemas/memory-version";
import type { AppEnv } from "../app-env";

/** The admin key has no key id of its own, so it is recorded as "admin". Authentication has already verified the key. */
export function requestActor(c: Context<AppEnv>): Actor {
  if (c.get("isAdmin")) return { type: "api_actor", api_key_id: "admin" };
  const key = c.req.header("x-api-key") ?? c.req.header("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  return { type: "api_actor", api_key_id: parseApiKey(key.trim())?.keyId ?? "unknown" };
}

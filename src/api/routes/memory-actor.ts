// The actor a memory change made through the API is recorded under: the API key that authenticated the request, or
// the session whose self-hosted worker synced the change (a work item's token speaks for its one session).
import type { Context } from "hono";
import type { Actor } from "../../schemas/memory-version";
import type { AppEnv } from "../app-env";

export function requestActor(c: Context<AppEnv>): Actor {
  const credential = c.get("credential");
  if (credential.type === "work") return { type: "session_actor", session_id: credential.grant.session_id };
  return { type: "api_actor", api_key_id: c.get("apiKeyId") };
}

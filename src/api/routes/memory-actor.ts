// The actor a memory change made through the API is recorded under: the API key that authenticated the request.
import type { Context } from "hono";
import type { Actor } from "../../schemas/memory-version";
import type { AppEnv } from "../app-env";

export const requestActor = (c: Context<AppEnv>): Actor => ({ type: "api_actor", api_key_id: c.get("apiKeyId") });

// GET /v1/memory_stores/{id}/search (Lucid extension): full-text search over a store's memories, best first.
import { Hono } from "hono";
import { memoryStoreOf } from "../../memory/memory-store-stub";
import { MemorySearchQuery } from "../../schemas/memory";
import type { AppEnv } from "../app-env";
import { readQuery } from "../request-input";
import { respond } from "../respond";

export const memorySearchRoutes = new Hono<AppEnv>().get("/:storeId/search", async (c) => {
  const { q, limit } = readQuery(c, MemorySearchQuery);
  return respond(c, { data: await memoryStoreOf(c.env, c.req.param("storeId")).searchMemories(c.get("tenantId"), q, limit) });
});

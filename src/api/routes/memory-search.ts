// GET /v1/memory_stores/{id}/search (Lucid extension): full-text search over a store's memories, best first.
import { Hono } from "hono";
import { memoryStoreOf } from "../../platform/stubs";
import { MemorySearchQuery, MemorySearchResult } from "../../schemas/memory";
import { ItemList } from "../../schemas/page";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";

export const memorySearchRoutes = new Hono<AppEnv>().get(
  "/:storeId/search",
  operation({
    operationId: "searchMemories",
    summary: "Search a store's memories, best first",
    tag: "Memory stores",
    extension: true,
    query: MemorySearchQuery,
    responses: { 200: ItemList(MemorySearchResult) },
  }),
  async (c) => {
    const { q, limit } = c.req.valid("query");
    return answer(c, { data: await memoryStoreOf(c.env, c.req.param("storeId")).searchMemories(c.get("tenantId"), q, limit) });
  },
);

// /v1/memory_stores/{id}/memories: create, retrieve, update, delete and list a store's memories.
import { Hono } from "hono";
import { memoryStoreOf } from "../../platform/stubs";
import { DeletedMemory, Memory, MemoryCreate, MemoryDeleteQuery, MemoryListItem, MemoryListQuery, MemoryUpdate, MemoryViewQuery } from "../../schemas/memory";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { Page } from "../../schemas/page";
import { requestActor } from "./memory-actor";

// Views default as the API says: `full` when retrieving, `basic` when creating, updating or listing.
export const memoryRoutes = new Hono<AppEnv>()
  .post(
    "/:storeId/memories",
    operation({
      operationId: "createMemory",
      summary: "Create a memory",
      tag: "Memories",
      query: MemoryViewQuery,
      body: MemoryCreate,
      responses: { 200: Memory },
      errors: [409],
    }),
    async (c) => {
      const { view } = c.req.valid("query");
      const params = c.req.valid("json");
      const store = memoryStoreOf(c.env, c.req.param("storeId"));
      return answer(c, await store.createMemory(c.get("tenantId"), params, requestActor(c), view ?? "basic"));
    },
  )
  .get(
    "/:storeId/memories",
    operation({
      operationId: "listMemories",
      summary: "List a store's memories",
      tag: "Memories",
      query: MemoryListQuery,
      responses: { 200: Page(MemoryListItem) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      return answer(c, await memoryStoreOf(c.env, c.req.param("storeId")).listMemoryPage(c.get("tenantId"), query));
    },
  )
  .get(
    "/:storeId/memories/:memoryId",
    operation({
      operationId: "retrieveMemory",
      summary: "Retrieve a memory",
      tag: "Memories",
      query: MemoryViewQuery,
      responses: { 200: Memory },
    }),
    async (c) => {
      const { view } = c.req.valid("query");
      const store = memoryStoreOf(c.env, c.req.param("storeId"));
      return answer(c, await store.getMemory(c.get("tenantId"), c.req.param("memoryId"), view ?? "full"));
    },
  )
  .post(
    "/:storeId/memories/:memoryId",
    operation({
      operationId: "updateMemory",
      summary: "Update a memory",
      tag: "Memories",
      query: MemoryViewQuery,
      body: MemoryUpdate,
      responses: { 200: Memory },
      errors: [409],
    }),
    async (c) => {
      const { view } = c.req.valid("query");
      const update = c.req.valid("json");
      const store = memoryStoreOf(c.env, c.req.param("storeId"));
      return answer(c, await store.updateMemory(c.get("tenantId"), c.req.param("memoryId"), update, requestActor(c), view ?? "basic"));
    },
  )
  .delete(
    "/:storeId/memories/:memoryId",
    operation({
      operationId: "deleteMemory",
      summary: "Delete a memory",
      tag: "Memories",
      query: MemoryDeleteQuery,
      responses: { 200: DeletedMemory },
      errors: [409],
    }),
    async (c) => {
      const { expected_content_sha256 } = c.req.valid("query");
      const store = memoryStoreOf(c.env, c.req.param("storeId"));
      return answer(c, await store.deleteMemory(c.get("tenantId"), c.req.param("memoryId"), expected_content_sha256, requestActor(c)));
    },
  );

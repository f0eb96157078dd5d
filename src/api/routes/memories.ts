// /v1/memory_stores/{id}/memories: create, retrieve, update, delete and list a store's memories.
import { Hono } from "hono";
import { memoryStoreOf } from "../../platform/stubs";
import {
  DeletedMemory,
  Memory,
  MemoryCreate,
  MemoryDeleteQuery,
  MemoryListItem,
  MemoryListQuery,
  MemoryUpdate,
  MemoryViewQuery,
} from "../../schemas/memory";
import type { AppEnv } from "../app-env";
import { readBody, readQuery } from "../request-input";
import { respond } from "../respond";
import { describeOperation } from "../openapi-route";
import { Page } from "../../schemas/page";
import { requestActor } from "./memory-actor";

// Views default as the API says: `full` when retrieving, `basic` when creating, updating or listing.
export const memoryRoutes = new Hono<AppEnv>()
  .post("/:storeId/memories", describeOperation({
    operationId: "createMemory",
    summary: "Create a memory",
    tag: "Memories",
    query: MemoryViewQuery,
    body: MemoryCreate,
    responses: { 200: Memory },
    errors: [409],
  }), async (c) => {
    const { view } = readQuery(c, MemoryViewQuery);
    const params = await readBody(c, MemoryCreate);
    const store = memoryStoreOf(c.env, c.req.param("storeId"));
    return respond(c, await store.createMemory(c.get("tenantId"), params, requestActor(c), view ?? "basic"));
  })
  .get("/:storeId/memories", describeOperation({
    operationId: "listMemories",
    summary: "List a store's memories",
    tag: "Memories",
    query: MemoryListQuery,
    responses: { 200: Page(MemoryListItem) },
  }), async (c) => {
    const query = readQuery(c, MemoryListQuery);
    return respond(c, await memoryStoreOf(c.env, c.req.param("storeId")).listMemoryPage(c.get("tenantId"), query));
  })
  .get("/:storeId/memories/:memoryId", describeOperation({
    operationId: "retrieveMemory",
    summary: "Retrieve a memory",
    tag: "Memories",
    query: MemoryViewQuery,
    responses: { 200: Memory },
  }), async (c) => {
    const { view } = readQuery(c, MemoryViewQuery);
    const store = memoryStoreOf(c.env, c.req.param("storeId"));
    return respond(c, await store.getMemory(c.get("tenantId"), c.req.param("memoryId"), view ?? "full"));
  })
  .post("/:storeId/memories/:memoryId", describeOperation({
    operationId: "updateMemory",
    summary: "Update a memory",
    tag: "Memories",
    query: MemoryViewQuery,
    body: MemoryUpdate,
    responses: { 200: Memory },
    errors: [409],
  }), async (c) => {
    const { view } = readQuery(c, MemoryViewQuery);
    const update = await readBody(c, MemoryUpdate);
    const store = memoryStoreOf(c.env, c.req.param("storeId"));
    return respond(c, await store.updateMemory(c.get("tenantId"), c.req.param("memoryId"), update, requestActor(c), view ?? "basic"));
  })
  .delete("/:storeId/memories/:memoryId", describeOperation({
    operationId: "deleteMemory",
    summary: "Delete a memory",
    tag: "Memories",
    query: MemoryDeleteQuery,
    responses: { 200: DeletedMemory },
    errors: [409],
  }), async (c) => {
    const { expected_content_sha256 } = readQuery(c, MemoryDeleteQuery);
    const store = memoryStoreOf(c.env, c.req.param("storeId"));
    return respond(c, await store.deleteMemory(c.get("tenantId"), c.req.param("memoryId"), expected_content_sha256, requestActor(c)));
  });

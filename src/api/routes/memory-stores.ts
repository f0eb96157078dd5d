// /v1/memory_stores: create, retrieve, update, list, archive and delete memory stores.
import { Hono } from "hono";
import { newMemoryStoreId } from "../../ids";
import { createdAtRange } from "../../schemas/common";
import { directoryOf, memoryStoreOf } from "../../platform/stubs";
import { DeletedMemoryStore, MemoryStore, MemoryStoreCreate, MemoryStoreListQuery, MemoryStoreUpdate } from "../../schemas/memory-store";
import type { AppEnv } from "../app-env";
import { readBody, readQuery } from "../request-input";
import { respond } from "../respond";
import { describeOperation } from "../openapi-route";
import { Page } from "../../schemas/page";

export const memoryStoreRoutes = new Hono<AppEnv>()
  .post("/", describeOperation({
    operationId: "createMemoryStore",
    summary: "Create a memory store",
    tag: "Memory stores",
    body: MemoryStoreCreate,
    responses: { 200: MemoryStore },
  }), async (c) => {
    const params = await readBody(c, MemoryStoreCreate);
    const id = newMemoryStoreId();
    return respond(c, await memoryStoreOf(c.env, id).createStore(c.get("tenantId"), { id, ...params }));
  })
  .get("/", describeOperation({
    operationId: "listMemoryStores",
    summary: "List memory stores",
    tag: "Memory stores",
    query: MemoryStoreListQuery,
    responses: { 200: Page(MemoryStore) },
  }), async (c) => {
    const query = readQuery(c, MemoryStoreListQuery);
    const filter = { limit: query.limit, page: query.page, include_archived: query.include_archived, created: createdAtRange(query) };
    return respond(c, await directoryOf(c.env, c.get("tenantId")).listListings("memory_store", filter));
  })
  .get("/:id", describeOperation({
    operationId: "retrieveMemoryStore",
    summary: "Retrieve a memory store",
    tag: "Memory stores",
    responses: { 200: MemoryStore },
  }), async (c) => respond(c, await memoryStoreOf(c.env, c.req.param("id")).getStore(c.get("tenantId"))))
  .post("/:id", describeOperation({
    operationId: "updateMemoryStore",
    summary: "Update a memory store",
    tag: "Memory stores",
    body: MemoryStoreUpdate,
    responses: { 200: MemoryStore },
  }), async (c) => {
    const update = await readBody(c, MemoryStoreUpdate);
    return respond(c, await memoryStoreOf(c.env, c.req.param("id")).updateStore(c.get("tenantId"), update));
  })
  .post("/:id/archive", describeOperation({
    operationId: "archiveMemoryStore",
    summary: "Archive a memory store",
    tag: "Memory stores",
    responses: { 200: MemoryStore },
  }), async (c) => respond(c, await memoryStoreOf(c.env, c.req.param("id")).archiveStore(c.get("tenantId"))))
  .delete("/:id", describeOperation({
    operationId: "deleteMemoryStore",
    summary: "Delete a memory store",
    tag: "Memory stores",
    responses: { 200: DeletedMemoryStore },
  }), async (c) => respond(c, await memoryStoreOf(c.env, c.req.param("id")).deleteStore(c.get("tenantId"))));

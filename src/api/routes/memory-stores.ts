// /v1/memory_stores: create, retrieve, update, list, archive and delete memory stores.
import { Hono } from "hono";
import { newMemoryStoreId } from "../../ids";
import { createdAtRange } from "../../schemas/common";
import { memoryStoreOf } from "../../platform/stubs";
import { DeletedMemoryStore, MemoryStore, MemoryStoreCreate, MemoryStoreListQuery, MemoryStoreUpdate } from "../../schemas/memory-store";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { listingPage } from "../listing-page";
import { Page } from "../../schemas/page";

export const memoryStoreRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createMemoryStore",
      summary: "Create a memory store",
      tag: "Memory stores",
      body: MemoryStoreCreate,
      responses: { 200: MemoryStore },
    }),
    async (c) => {
      const params = c.req.valid("json");
      const id = newMemoryStoreId();
      return answer(c, await memoryStoreOf(c.env, id).createStore(c.get("tenantId"), { id, ...params }));
    },
  )
  .get(
    "/",
    operation({
      operationId: "listMemoryStores",
      summary: "List memory stores",
      tag: "Memory stores",
      query: MemoryStoreListQuery,
      responses: { 200: Page(MemoryStore) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const filter = { limit: query.limit, page: query.page, include_archived: query.include_archived, created: createdAtRange(query) };
      return answer(c, await listingPage(c, "memory_store", filter));
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveMemoryStore",
      summary: "Retrieve a memory store",
      tag: "Memory stores",
      responses: { 200: MemoryStore },
    }),
    async (c) => answer(c, await memoryStoreOf(c.env, c.req.param("id")).getStore(c.get("tenantId"))),
  )
  .post(
    "/:id",
    operation({
      operationId: "updateMemoryStore",
      summary: "Update a memory store",
      tag: "Memory stores",
      body: MemoryStoreUpdate,
      responses: { 200: MemoryStore },
    }),
    async (c) => {
      const update = c.req.valid("json");
      return answer(c, await memoryStoreOf(c.env, c.req.param("id")).updateStore(c.get("tenantId"), update));
    },
  )
  .post(
    "/:id/archive",
    operation({
      operationId: "archiveMemoryStore",
      summary: "Archive a memory store",
      tag: "Memory stores",
      responses: { 200: MemoryStore },
    }),
    async (c) => answer(c, await memoryStoreOf(c.env, c.req.param("id")).archiveStore(c.get("tenantId"))),
  )
  .delete(
    "/:id",
    operation({
      operationId: "deleteMemoryStore",
      summary: "Delete a memory store",
      tag: "Memory stores",
      responses: { 200: DeletedMemoryStore },
    }),
    async (c) => answer(c, await memoryStoreOf(c.env, c.req.param("id")).deleteStore(c.get("tenantId"))),
  );

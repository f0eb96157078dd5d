// /v1/memory_stores: create, retrieve, update, list, archive and delete memory stores.
import { Hono } from "hono";
import { newMemoryStoreId } from "../../ids";
import { createdAtRange } from "../../schemas/common";
import { memoryStoreOf } from "../../memory/memory-store-stub";
import { MemoryStoreCreate, MemoryStoreListQuery, MemoryStoreUpdate } from "../../schemas/memory-store";
import type { AppEnv } from "../app-env";
import { directoryOf } from "../object-stubs";
import { readBody, readQuery } from "../request-input";
import { respond } from "../respond";

export const memoryStoreRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const params = await readBody(c, MemoryStoreCreate);
    const id = newMemoryStoreId();
    return respond(c, await memoryStoreOf(c.env, id).createStore(c.get("tenantId"), { id, ...params }));
  })
  .get("/", async (c) => {
    const query = readQuery(c, MemoryStoreListQuery);
    const filter = { limit: query.limit, page: query.page, include_archived: query.include_archived, created: createdAtRange(query) };
    return respond(c, await directoryOf(c.env, c.get("tenantId")).listListings("memory_store", filter));
  })
  .get("/:id", async (c) => respond(c, await memoryStoreOf(c.env, c.req.param("id")).getStore(c.get("tenantId"))))
  .post("/:id", async (c) => {
    const update = await readBody(c, MemoryStoreUpdate);
    return respond(c, await memoryStoreOf(c.env, c.req.param("id")).updateStore(c.get("tenantId"), update));
  })
  .post("/:id/archive", async (c) => respond(c, await memoryStoreOf(c.env, c.req.param("id")).archiveStore(c.get("tenantId"))))
  .delete("/:id", async (c) => respond(c, await memoryStoreOf(c.env, c.req.param("id")).deleteStore(c.get("tenantId"))));

// /v1/memory_stores/{id}/export and /import (Lucid extension): a whole store as one Markdown bundle, and back.
import { Hono } from "hono";
import { parseBundle, renderBundle } from "../../memory/memory-bundle";
import { memoryStoreOf } from "../../memory/memory-store-stub";
import { PERSON } from "../../memory/memory-writes";
import { MemoryImportQuery } from "../../schemas/memory";
import type { AppEnv } from "../app-env";
import { readQuery } from "../request-input";
import { respond } from "../respond";
import { requestActor } from "./memory-actor";

export const memoryBundleRoutes = new Hono<AppEnv>()
  .get("/:storeId/export", async (c) => {
    const snapshot = await memoryStoreOf(c.env, c.req.param("storeId")).exportSnapshot(c.get("tenantId"));
    return c.body(renderBundle(snapshot.memories), 200, { "content-type": "text/markdown; charset=utf-8" });
  })
  .post("/:storeId/import", async (c) => {
    const { mode } = readQuery(c, MemoryImportQuery);
    const memories = parseBundle(await c.req.text());
    const store = memoryStoreOf(c.env, c.req.param("storeId"));
    return respond(c, await store.importSnapshot(c.get("tenantId"), { memories }, mode, { actor: requestActor(c), author: PERSON }));
  });

// /v1/memory_stores/{id}/export and /import (Lucid extension): a whole store as one Markdown bundle, and back.
import { Hono } from "hono";
import { parseBundle, renderBundle } from "../../memory/memory-bundle";
import { memoryStoreOf } from "../../platform/stubs";
import { PERSON } from "../../memory/memory-writes";
import { MemoryImportQuery, MemoryImportResult } from "../../schemas/memory";
import type { AppEnv } from "../app-env";
import { readText } from "../request-input";
import { answer, operation } from "../operation";
import { requestActor } from "./memory-actor";

export const memoryBundleRoutes = new Hono<AppEnv>()
  .get(
    "/:storeId/export",
    operation({
      operationId: "exportMemoryStore",
      summary: "Export a store as one Markdown bundle",
      tag: "Memory stores",
      extension: true,
      responses: { 200: { description: "The bundle (format: src/memory/README.md).", content: { "text/markdown": { type: "string" } } } },
    }),
    async (c) => {
      const snapshot = await memoryStoreOf(c.env, c.req.param("storeId")).exportSnapshot(c.get("tenantId"));
      return c.body(renderBundle(snapshot.memories), 200, { "content-type": "text/markdown; charset=utf-8" });
    },
  )
  .post(
    "/:storeId/import",
    operation({
      operationId: "importMemoryStore",
      summary: "Import a Markdown bundle into a store",
      tag: "Memory stores",
      extension: true,
      query: MemoryImportQuery,
      body: { description: "A bundle, as the export produces it.", content: { "text/markdown": { type: "string" } } },
      responses: { 200: MemoryImportResult },
    }),
    async (c) => {
      const { mode } = c.req.valid("query");
      const memories = parseBundle(await readText(c));
      const store = memoryStoreOf(c.env, c.req.param("storeId"));
      return answer(c, await store.importSnapshot(c.get("tenantId"), { memories }, mode, { actor: requestActor(c), author: PERSON }, "bundle"));
    },
  );

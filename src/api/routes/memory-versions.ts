// /v1/memory_stores/{id}/memory_versions: a store's change history, filtered, and redaction of past versions.
import { Hono } from "hono";
import { memoryStoreOf } from "../../platform/stubs";
import { MemoryViewQuery } from "../../schemas/memory";
import { MemoryVersion, MemoryVersionListQuery } from "../../schemas/memory-version";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { Page } from "../../schemas/page";
import { requestActor } from "./memory-actor";

export const memoryVersionRoutes = new Hono<AppEnv>()
  .get(
    "/:storeId/memory_versions",
    operation({
      operationId: "listMemoryVersions",
      summary: "List a store's memory versions",
      tag: "Memory versions",
      query: MemoryVersionListQuery,
      responses: { 200: Page(MemoryVersion) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      return answer(c, await memoryStoreOf(c.env, c.req.param("storeId")).listVersions(c.get("tenantId"), query));
    },
  )
  .get(
    "/:storeId/memory_versions/:versionId",
    operation({
      operationId: "retrieveMemoryVersion",
      summary: "Retrieve a memory version",
      tag: "Memory versions",
      query: MemoryViewQuery,
      responses: { 200: MemoryVersion },
    }),
    async (c) => {
      const { view } = c.req.valid("query");
      const store = memoryStoreOf(c.env, c.req.param("storeId"));
      return answer(c, await store.getVersion(c.get("tenantId"), c.req.param("versionId"), view ?? "full"));
    },
  )
  .post(
    "/:storeId/memory_versions/:versionId/redact",
    operation({
      operationId: "redactMemoryVersion",
      summary: "Redact a memory version's content",
      tag: "Memory versions",
      responses: { 200: MemoryVersion },
    }),
    async (c) => {
      const store = memoryStoreOf(c.env, c.req.param("storeId"));
      return answer(c, await store.redactVersion(c.get("tenantId"), c.req.param("versionId"), requestActor(c)));
    },
  );

// /v1/memory_stores/{id}/memory_versions: a store's change history, filtered, and redaction of past versions.
import { Hono } from "hono";
import { memoryStoreOf } from "../../memory/memory-store-stub";
import { MemoryViewQuery } from "../../schemas/memory";
import { MemoryVersionListQuery } from "../../schemas/memory-version";
import type { AppEnv } from "../app-env";
import { readQuery } from "../request-input";
import { respond } from "../respond";
import { requestActor } from "./memory-actor";

export const memoryVersionRoutes = new Hono<AppEnv>()
  .get("/:storeId/memory_versions", async (c) => {
    const query = readQuery(c, MemoryVersionListQuery);
    return respond(c, await memoryStoreOf(c.env, c.req.param("storeId")).listVersions(c.get("tenantId"), query));
  })
  .get("/:storeId/memory_versions/:versionId", async (c) => {
    const { view } = readQuery(c, MemoryViewQuery);
    const store = memoryStoreOf(c.env, c.req.param("storeId"));
    return respond(c, await store.getVersion(c.get("tenantId"), c.req.param("versionId"), view ?? "full"));
  })
  .post("/:storeId/memory_versions/:versionId/redact", async (c) => {
    const store = memoryStoreOf(c.env, c.req.param("storeId"));
    return respond(c, await store.redactVersion(c.get("tenantId"), c.req.param("versionId"), requestActor(c)));
  });

// /v1/environments/{id}/keys (Lucid extension): the keys a self-hosted environment's worker polls its work queue with.
// Each is shown once, stored as a hash by the tenant's directory, and registered with the admin directory like an
// API key, so a forged one reaches no tenant. A key reaches only its environment's work (credential-scope.ts).
import { Hono } from "hono";
import { formatApiKey } from "../../directory/api-key-secret";
import { newEnvironmentKeyId } from "../../ids";
import { newSecret } from "../../ids";
import { directoryOf } from "../../platform/stubs";
import { PageQuery } from "../../schemas/common";
import { CreatedEnvironmentKey, DeletedEnvironmentKey, EnvironmentKey } from "../../schemas/environment-key";
import { Page } from "../../schemas/page";
import { sha256Hex } from "../../sha256";
import type { AppEnv } from "../app-env";
import { forgetEnvironmentKeys, registerEnvironmentKey } from "../key-registry";
import { answer, operation } from "../operation";

export const environmentKeyRoutes = new Hono<AppEnv>()
  .post(
    "/:id/keys",
    operation({
      operationId: "createEnvironmentKey",
      summary: "Create a key for a self-hosted environment's worker (shown once)",
      tag: "Environments",
      extension: true,
      responses: { 200: CreatedEnvironmentKey },
    }),
    async (c) => {
      const tenantId = c.get("tenantId");
      const id = newEnvironmentKeyId();
      const key = formatApiKey(tenantId, id, newSecret());
      const hash = await sha256Hex(key);
      const created = await directoryOf(c.env, tenantId).addEnvironmentKey({
        id,
        environment_id: c.req.param("id"),
        hash,
        created_at: new Date().toISOString(),
      });
      await registerEnvironmentKey(c.env, id, tenantId);
      return answer(c, { ...created, key });
    },
  )
  .get(
    "/:id/keys",
    operation({
      operationId: "listEnvironmentKeys",
      summary: "List a self-hosted environment's keys (no secrets)",
      tag: "Environments",
      extension: true,
      query: PageQuery,
      responses: { 200: Page(EnvironmentKey) },
    }),
    async (c) => {
      const { limit, page } = c.req.valid("query");
      return answer(c, await directoryOf(c.env, c.get("tenantId")).listEnvironmentKeys(c.req.param("id"), limit, page));
    },
  )
  .delete(
    "/:id/keys/:key_id",
    operation({
      operationId: "deleteEnvironmentKey",
      summary: "Revoke a self-hosted environment's key",
      tag: "Environments",
      extension: true,
      responses: { 200: DeletedEnvironmentKey },
    }),
    async (c) => {
      const keyId = c.req.param("key_id");
      await directoryOf(c.env, c.get("tenantId")).removeEnvironmentKey(c.req.param("id"), keyId);
      await forgetEnvironmentKeys(c.env, [keyId]);
      return answer(c, { id: keyId, type: "environment_key_deleted" });
    },
  );

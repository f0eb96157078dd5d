// /v1/api_keys (Lucid extension, admin only): tenant API keys, each shown once and stored as a hash.
import { Hono } from "hono";
import { directoryOf } from "../../platform/stubs";
import { formatApiKey } from "../../directory/api-key-secret";
import { sha256Hex } from "../../sha256";
import { newApiKeyId, newSecret, newTenantId } from "../../ids";
import { ApiKey, ApiKeyCreate, CreatedApiKey, DeletedApiKey } from "../../schemas/api-key";
import { PageQuery } from "../../schemas/common";
import { answer, operation } from "../operation";
import { Page } from "../../schemas/page";
import { ADMIN_DIRECTORY, type AppEnv } from "../app-env";
import { requireAdmin } from "../auth";

export const apiKeyRoutes = new Hono<AppEnv>()
  .use(requireAdmin)
  .post(
    "/",
    operation({
      operationId: "createApiKey",
      summary: "Create a tenant API key (shown once)",
      tag: "API keys",
      extension: true,
      body: ApiKeyCreate,
      responses: { 200: CreatedApiKey },
    }),
    async (c) => {
      const params = c.req.valid("json");
      const apiKey: ApiKey = {
        id: newApiKeyId(),
        type: "api_key",
        name: params.name,
        tenant_id: params.tenant_id ?? newTenantId(),
        rate_limit_per_minute: params.rate_limit_per_minute ?? null,
        created_at: new Date().toISOString(),
      };
      const key = formatApiKey(apiKey.tenant_id, apiKey.id, newSecret());
      const { id, name, created_at, rate_limit_per_minute } = apiKey;
      await directoryOf(c.env, apiKey.tenant_id).addApiKey({ id, name, hash: await sha256Hex(key), created_at, rate_limit_per_minute });
      // The admin index is also the registry the edge checks before reaching a tenant (key-registry.ts): written last,
      // and before the key is shown, so a key works once both records exist.
      await directoryOf(c.env, ADMIN_DIRECTORY).indexApiKey(apiKey);
      return answer(c, { ...apiKey, key });
    },
  )
  .get(
    "/",
    operation({
      operationId: "listApiKeys",
      summary: "List API keys (no secrets)",
      tag: "API keys",
      extension: true,
      query: PageQuery,
      responses: { 200: Page(ApiKey) },
    }),
    async (c) => {
      const { limit, page } = c.req.valid("query");
      return answer(c, await directoryOf(c.env, ADMIN_DIRECTORY).listApiKeys(limit, page));
    },
  )
  .delete(
    "/:id",
    operation({
      operationId: "deleteApiKey",
      summary: "Delete an API key",
      tag: "API keys",
      extension: true,
      responses: { 200: DeletedApiKey },
    }),
    async (c) => {
      const removed = await directoryOf(c.env, ADMIN_DIRECTORY).unindexApiKey(c.req.param("id"));
      // Refused from here on by the tenant's hash check, and its open streams closed before this answers.
      await directoryOf(c.env, removed.tenant_id).removeApiKey(removed.id);
      return answer(c, { id: removed.id, type: "api_key_deleted" });
    },
  );

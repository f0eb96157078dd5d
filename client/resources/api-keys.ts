// Tenant API keys (admin key only): create (the key is shown once), list and delete.
import type { ApiKey, ApiKeyCreate, ApiKeyDeleted, CreatedApiKey, ListQuery } from "../api-types";
import type { Transport } from "../transport";
import { listPages } from "./list-query";
import { segment } from "./path";

export function apiKeysResource(transport: Transport) {
  return {
    /** Without `tenant_id` the key opens a new tenant; the answer's `key` is never shown again. */
    create: (body: ApiKeyCreate) => transport.json<CreatedApiKey>("POST", "/v1/api_keys", { json: body }),
    list: (query: ListQuery = {}) => listPages<ApiKey>(transport, "/v1/api_keys", query),
    delete: (id: string) => transport.json<ApiKeyDeleted>("DELETE", `/v1/api_keys/${segment(id)}`),
  };
}

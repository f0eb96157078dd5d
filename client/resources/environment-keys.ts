// The keys of a self-hosted environment (/v1/environments/{id}/keys, a Lucid extension): create (the key is shown
// once), list (never a secret) and revoke.
import type { CreatedEnvironmentKey, EnvironmentKey, EnvironmentKeyDeleted, ListQuery } from "../api-types";
import type { Transport } from "../transport";
import { listPages } from "./list-query";
import { segment } from "./path";

export function environmentKeysResource(transport: Transport) {
  const keys = (environmentId: string) => `/v1/environments/${segment(environmentId)}/keys`;
  return {
    /** Only for a live self-hosted environment; the answer's `key` is never shown again. */
    create: (environmentId: string) => transport.json<CreatedEnvironmentKey>("POST", keys(environmentId)),
    list: (environmentId: string, query: ListQuery = {}) => listPages<EnvironmentKey>(transport, keys(environmentId), query),
    delete: (environmentId: string, keyId: string) => transport.json<EnvironmentKeyDeleted>("DELETE", `${keys(environmentId)}/${segment(keyId)}`),
  };
}

// The one record of an EnvironmentObject: the environment whose queue it holds and the tenant that owns it. Every RPC
// method looks it up with the caller's tenant first, so another tenant's environment reads exactly like a missing one.
import { notFound } from "../platform/errors";

export type EnvironmentRow = { tenant_id: string; environment_id: string; created_at: string };

export function findEnvironment(sql: SqlStorage): EnvironmentRow | undefined {
  return sql.exec<EnvironmentRow>("SELECT tenant_id, environment_id, created_at FROM environment WHERE id = 1").toArray()[0];
}

/** The environment, if `tenantId` owns it and it is `environmentId`; otherwise the not_found_error of that id. */
export function requireEnvironment(sql: SqlStorage, tenantId: string, environmentId: string): EnvironmentRow {
  const row = findEnvironment(sql);
  if (!row || row.tenant_id !== tenantId || row.environment_id !== environmentId) throw notFound("Environment", environmentId);
  return row;
}

/** Records the owner on the first enqueue; a later one must come from the same tenant for the same environment. */
export function adoptEnvironment(sql: SqlStorage, tenantId: string, environmentId: string, now: string): EnvironmentRow {
  if (!findEnvironment(sql)) sql.exec("INSERT INTO environment (id, tenant_id, environment_id, created_at) VALUES (1, ?, ?, ?)", tenantId, environmentId, now);
  return requireEnvironment(sql, tenantId, environmentId);
}

// Cursor-paged listing queries over a directory's snapshot table (agents, sessions, memory stores, vaults, …).
import type { Agent } from "../schemas/agent";
import type { CreatedAtRange } from "../schemas/common";
import type { Deployment } from "../schemas/deployment";
import type { DeploymentRun } from "../schemas/deployment-run";
import type { Dream } from "../schemas/dream-resource";
import type { MemoryStore } from "../schemas/memory-store";
import type { Session } from "../schemas/session";
import type { Vault } from "../schemas/vault";
import { decodeCursor, toPage } from "../storage/page-cursor";

/** Agents, sessions, memory stores, dreams, deployments and their runs, vaults as last written, by kind; each kind lists only its own. */
interface Listed {
  agent: Agent;
  session: Session;
  memory_store: MemoryStore;
  dream: Dream;
  deployment: Deployment;
  deployment_run: DeploymentRun;
  vault: Vault;
}
export type ListingKind = keyof Listed;

export interface ListingRow {
  id: string;
  created_at: string;
  archived: number;
  agent_id: string | null;
  agent_version: number | null;
  status: string | null;
  body: string;
}

export interface ListingFilter {
  limit: number;
  page?: string;
  include_archived?: boolean;
  order?: "asc" | "desc";
  agent_id?: string;
  agent_version?: number;
  statuses?: string[];
  created?: CreatedAtRange;
  /** Deployment runs only: those of one deployment, and those with (or without) an error. */
  deployment_id?: string;
  has_error?: boolean;
}

export type ListingPage<K extends ListingKind = ListingKind> = { data: Listed[K][]; next_page: string | null };

export function queryListings<K extends ListingKind>(sql: SqlStorage, kind: K, filter: ListingFilter): ListingPage<K> {
  const order = filter.order ?? "desc";
  const where = ["kind = ?"];
  const args: (string | number)[] = [kind];
  if (!filter.include_archived) where.push("archived = 0");
  if (filter.agent_id) where.push("agent_id = ?"), args.push(filter.agent_id);
  if (filter.agent_version !== undefined) where.push("agent_version = ?"), args.push(filter.agent_version);
  if (filter.statuses?.length) {
    where.push(`status IN (${filter.statuses.map(() => "?").join(",")})`);
    args.push(...filter.statuses);
  }
  if (filter.deployment_id) where.push("json_extract(body, '$.deployment_id') = ?"), args.push(filter.deployment_id);
  if (filter.has_error !== undefined) where.push(`json_extract(body, '$.error') IS ${filter.has_error ? "NOT NULL" : "NULL"}`);
  const bounds = [
    ["gt", ">"],
    ["gte", ">="],
    ["lt", "<"],
    ["lte", "<="],
  ] as const;
  for (const [key, operator] of bounds) {
    const value = filter.created?.[key];
    if (value) where.push(`created_at ${operator} ?`), args.push(value);
  }
  const after = decodeCursor(filter.page);
  if (after) {
    const cmp = order === "desc" ? "<" : ">";
    where.push(`(created_at ${cmp} ? OR (created_at = ? AND id ${cmp} ?))`);
    args.push(String(after.key), String(after.key), after.id);
  }
  const direction = order === "desc" ? "DESC" : "ASC";
  const rows = sql
    .exec<Pick<ListingRow, "id" | "created_at" | "body">>(
      `SELECT id, created_at, body FROM listings WHERE ${where.join(" AND ")} ORDER BY created_at ${direction}, id ${direction} LIMIT ?`,
      ...args,
      filter.limit + 1,
    )
    .toArray();
  const page = toPage(rows, filter.limit, (row) => ({ key: row.created_at, id: row.id }));
  return { data: page.data.map((row) => JSON.parse(row.body) as Listed[K]), next_page: page.next_page };
}

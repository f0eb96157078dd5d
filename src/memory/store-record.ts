// The store's own record (name, description, metadata, archive state) in its object's `store` table.
import { applyMetadataPatch, type Metadata } from "../schemas/common";
import type { MemoryStore, MemoryStoreUpdate, NewMemoryStore } from "../schemas/memory-store";

export type StoreRow = {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  metadata: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
};

export function findStoreRow(sql: SqlStorage): StoreRow | null {
  return sql.exec<StoreRow>("SELECT * FROM store").toArray()[0] ?? null;
}

export function insertStore(sql: SqlStorage, tenantId: string, fields: NewMemoryStore, now: string): void {
  sql.exec(
    "INSERT INTO store (id, tenant_id, name, description, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    fields.id,
    tenantId,
    fields.name,
    fields.description ?? "",
    JSON.stringify(fields.metadata ?? {}),
    now,
    now,
  );
}

/** Applies an update; only a change to name, description or metadata moves `updated_at`. */
export function updateStore(sql: SqlStorage, row: StoreRow, update: MemoryStoreUpdate, now: string): void {
  const current = JSON.parse(row.metadata) as Metadata;
  const metadata = JSON.stringify(applyMetadataPatch(current, update.metadata));
  const name = update.name ?? row.name;
  // null clears the description, which the API shows as an empty string.
  const description = update.description === undefined ? row.description : (update.description ?? "");
  if (name === row.name && description === row.description && metadata === row.metadata) return;
  sql.exec("UPDATE store SET name = ?, description = ?, metadata = ?, updated_at = ?", name, description, metadata, now);
}

export function archiveStore(sql: SqlStorage, now: string): void {
  sql.exec("UPDATE store SET updated_at = CASE WHEN archived_at IS NULL THEN ? ELSE updated_at END, archived_at = COALESCE(archived_at, ?)", now, now);
}

export function renderStore(row: StoreRow): MemoryStore {
  return {
    id: row.id,
    type: "memory_store",
    name: row.name,
    description: row.description,
    metadata: JSON.parse(row.metadata) as Metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    archived_at: row.archived_at,
  };
}

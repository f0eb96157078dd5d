// The vault's own record (display name, metadata, archive state) in its object's `vault` table.
import { applyMetadataPatch, type Metadata } from "../schemas/common";
import type { NewVault, Vault, VaultUpdate } from "../schemas/vault";

export type VaultRow = {
  id: string;
  tenant_id: string;
  display_name: string;
  metadata: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
};

export function findVaultRow(sql: SqlStorage): VaultRow | null {
  return sql.exec<VaultRow>("SELECT * FROM vault").toArray()[0] ?? null;
}

export function insertVault(sql: SqlStorage, tenantId: string, fields: NewVault, now: string): void {
  sql.exec(
    "INSERT INTO vault (id, tenant_id, display_name, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    fields.id,
    tenantId,
    fields.display_name,
    JSON.stringify(fields.metadata ?? {}),
    now,
    now,
  );
}

/** Applies an update; only a change to the name or metadata moves `updated_at`. */
export function updateVault(sql: SqlStorage, row: VaultRow, update: VaultUpdate, now: string): void {
  const metadata = JSON.stringify(applyMetadataPatch(JSON.parse(row.metadata) as Metadata, update.metadata));
  const displayName = update.display_name ?? row.display_name;
  if (displayName === row.display_name && metadata === row.metadata) return;
  sql.exec("UPDATE vault SET display_name = ?, metadata = ?, updated_at = ?", displayName, metadata, now);
}

export function archiveVault(sql: SqlStorage, now: string): void {
  sql.exec("UPDATE vault SET updated_at = CASE WHEN archived_at IS NULL THEN ? ELSE updated_at END, archived_at = COALESCE(archived_at, ?)", now, now);
}

export function renderVault(row: VaultRow): Vault {
  return {
    id: row.id,
    type: "vault",
    display_name: row.display_name,
    metadata: JSON.parse(row.metadata) as Metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    archived_at: row.archived_at,
  };
}

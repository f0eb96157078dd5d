// The `memory_versions` table: one row per change to a memory, listed and filtered, and redacted in place.
import { newMemoryVersionId } from "../ids";
import { FULL_VIEW_PAGE_LIMIT, type MemoryAuthor, type MemoryView } from "../schemas/memory";
import type { Actor, MemoryVersion, MemoryVersionListQuery, MemoryVersionOperation } from "../schemas/memory-version";
import { decodeCursor, toPage } from "../storage/page-cursor";
import type { ContentDigest } from "./content-digest";

type VersionRow = {
  seq: number;
  id: string;
  memory_id: string;
  operation: MemoryVersionOperation;
  path: string | null;
  content: string | null;
  content_sha256: string | null;
  content_size_bytes: number | null;
  created_by: string | null;
  author: string;
  created_at: string;
  redacted_at: string | null;
  redacted_by: string | null;
};

export interface VersionEntry {
  memory_id: string;
  operation: MemoryVersionOperation;
  path: string;
  /** The content and its digest as of this version; null for a deletion. */
  content: { text: string; digest: ContentDigest } | null;
  created_by: Actor | null;
  author: MemoryAuthor;
  created_at: string;
}

/** Appends a version and returns its id. */
export function recordVersion(sql: SqlStorage, entry: VersionEntry): string {
  const id = newMemoryVersionId();
  sql.exec(
    `INSERT INTO memory_versions (id, memory_id, operation, path, content, content_sha256, content_size_bytes, created_by, author, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    entry.memory_id,
    entry.operation,
    entry.path,
    entry.content?.text ?? null,
    entry.content?.digest.content_sha256 ?? null,
    entry.content?.digest.content_size_bytes ?? null,
    entry.created_by ? JSON.stringify(entry.created_by) : null,
    JSON.stringify(entry.author),
    entry.created_at,
  );
  return id;
}

export function findVersionRow(sql: SqlStorage, id: string): VersionRow | null {
  return sql.exec<VersionRow>("SELECT * FROM memory_versions WHERE id = ?", id).toArray()[0] ?? null;
}

/** Redaction clears what the version said and where; who wrote it and when stay, as the API specifies. */
export function redactVersionRow(sql: SqlStorage, id: string, by: Actor, at: string): void {
  sql.exec(
    `UPDATE memory_versions SET content = NULL, content_sha256 = NULL, content_size_bytes = NULL, path = NULL,
       redacted_at = ?, redacted_by = ? WHERE id = ? AND redacted_at IS NULL`,
    at,
    JSON.stringify(by),
    id,
  );
}

/** Versions newest first, filtered as the API allows; `created_by` filters look inside the recorded actor. */
export function pageVersions(sql: SqlStorage, storeId: string, query: MemoryVersionListQuery) {
  const view = query.view ?? "basic";
  const limit = view === "full" ? Math.min(query.limit, FULL_VIEW_PAGE_LIMIT) : query.limit;
  const where: string[] = [];
  const args: (string | number)[] = [];
  const filter = (clause: string, value: string | number | undefined) => {
    if (value !== undefined) where.push(clause), args.push(value);
  };
  filter("memory_id = ?", query.memory_id);
  filter("operation = ?", query.operation);
  filter("json_extract(created_by, '$.session_id') = ?", query.session_id);
  filter("json_extract(created_by, '$.api_key_id') = ?", query.api_key_id);
  filter("json_extract(created_by, '$.service_account_id') = ?", query.service_account_id);
  filter("created_at >= ?", query["created_at[gte]"]);
  filter("created_at <= ?", query["created_at[lte]"]);
  filter("seq < ?", decodeCursor(query.page)?.key);
  const rows = sql
    .exec<VersionRow>(`SELECT * FROM memory_versions ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY seq DESC LIMIT ?`, ...args, limit + 1)
    .toArray();
  const page = toPage(rows, limit, (row) => ({ key: row.seq, id: row.id }));
  return { data: page.data.map((row) => renderVersion(row, storeId, view)), next_page: page.next_page };
}

export function renderVersion(row: VersionRow, storeId: string, view: MemoryView): MemoryVersion {
  return {
    id: row.id,
    type: "memory_version",
    memory_id: row.memory_id,
    memory_store_id: storeId,
    operation: row.operation,
    content: view === "full" ? row.content : null,
    content_sha256: row.content_sha256,
    content_size_bytes: row.content_size_bytes,
    path: row.path,
    created_by: row.created_by ? (JSON.parse(row.created_by) as Actor) : null,
    created_at: row.created_at,
    redacted_at: row.redacted_at,
    redacted_by: row.redacted_by ? (JSON.parse(row.redacted_by) as Actor) : null,
    lucid: { author: JSON.parse(row.author) as MemoryAuthor },
  };
}

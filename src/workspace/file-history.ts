// The `file_history` table: the versions a write replaced or a delete ended, their content kept until pruned.
import type { WorkspaceFileVersion, WorkspaceWriter } from "../schemas/workspace";
import type { FileRow } from "./file-records";
import { MAX_HISTORY_VERSIONS } from "./workspace-limits";

/** A version of a path, live or past; `content_seq` is null for a delete. */
export type VersionRow = {
  version: number;
  path: string;
  content_seq: number | null;
  size_bytes: number;
  content_type: string | null;
  is_text: number | null;
  written_by: string;
  written_at: string;
};

/** The live file (if any) and the past versions of one path, as one table of versions. */
const VERSIONS_OF_PATH = `
  SELECT version, path, seq AS content_seq, size_bytes, content_type, is_text, written_by, written_at FROM files WHERE path = ?1
  UNION ALL
  SELECT version, path, content_seq, size_bytes, content_type, is_text, written_by, written_at FROM file_history WHERE path = ?1`;

/**
 * Moves a live file's row into the history, leaving its chunks where they are (under its seq, which is never reused).
 * Call it in the transaction that replaces or deletes the file, so no half version is ever kept.
 */
export function archiveFile(sql: SqlStorage, row: FileRow): void {
  sql.exec(
    `INSERT INTO file_history (version, path, content_seq, size_bytes, content_type, is_text, chunk_count, written_by, written_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.version,
    row.path,
    row.seq,
    row.size_bytes,
    row.content_type,
    row.is_text,
    row.chunk_count,
    row.written_by,
    row.written_at,
  );
  sql.exec("DELETE FROM files WHERE seq = ?", row.seq);
  sql.exec("UPDATE workspace SET history_bytes = history_bytes + ?, history_versions = history_versions + 1", row.size_bytes);
}

/** A delete is a version of its own, without content, so the history shows when the path stopped existing and who ended it. */
export function recordDeletion(sql: SqlStorage, path: string, version: number, writer: WorkspaceWriter, at: string): void {
  sql.exec(
    `INSERT INTO file_history (version, path, content_seq, size_bytes, content_type, is_text, chunk_count, written_by, written_at)
     VALUES (?, ?, NULL, 0, NULL, NULL, 0, ?, ?)`,
    version,
    path,
    JSON.stringify(writer),
    at,
  );
  sql.exec("UPDATE workspace SET history_versions = history_versions + 1");
}

/** Drops the oldest past versions, across all paths and never a live file, until the history is within both caps. */
export function pruneHistory(sql: SqlStorage, maxBytes: number): void {
  let { history_bytes: bytes, history_versions: versions } = sql
    .exec<{ history_bytes: number; history_versions: number }>("SELECT history_bytes, history_versions FROM workspace")
    .one();
  if (bytes <= maxBytes && versions <= MAX_HISTORY_VERSIONS) return;
  while (bytes > maxBytes || versions > MAX_HISTORY_VERSIONS) {
    const oldest = sql
      .exec<{ version: number; content_seq: number | null; size_bytes: number }>(
        "SELECT version, content_seq, size_bytes FROM file_history ORDER BY version LIMIT 1",
      )
      .toArray()[0];
    if (!oldest) break;
    if (oldest.content_seq !== null) sql.exec("DELETE FROM file_chunks WHERE file_seq = ?", oldest.content_seq);
    sql.exec("DELETE FROM file_history WHERE version = ?", oldest.version);
    bytes -= oldest.size_bytes;
    versions -= 1;
  }
  sql.exec("UPDATE workspace SET history_bytes = ?, history_versions = ?", bytes, versions);
}

/** The versions of a path newest first, those older than `beforeVersion` when given. */
export function versionsOf(sql: SqlStorage, path: string, beforeVersion: number | undefined, limit: number): VersionRow[] {
  return sql
    .exec<VersionRow>(
      `SELECT * FROM (${VERSIONS_OF_PATH}) WHERE version < ?2 ORDER BY version DESC LIMIT ?3`,
      path,
      beforeVersion ?? Number.MAX_SAFE_INTEGER,
      limit,
    )
    .toArray();
}

/** One version of a path, live or past; null if the path never had it or it was pruned. */
export function findVersion(sql: SqlStorage, path: string, version: number): VersionRow | null {
  return sql.exec<VersionRow>(`SELECT * FROM (${VERSIONS_OF_PATH}) WHERE version = ?2`, path, version).toArray()[0] ?? null;
}

export function renderVersion(row: VersionRow): WorkspaceFileVersion {
  const deleted = row.content_seq === null;
  return {
    type: "workspace_file_version",
    path: row.path,
    version: row.version,
    size_bytes: row.size_bytes,
    content_type: row.content_type,
    is_text: row.is_text === null ? null : row.is_text === 1,
    written_by: JSON.parse(row.written_by) as WorkspaceWriter,
    written_at: row.written_at,
    deleted,
  };
}

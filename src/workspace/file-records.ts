// The `files` and `file_chunks` tables: finding, writing and reading live files, their content kept in chunks.
import type { WorkspaceFile, WorkspaceWriter } from "../schemas/workspace";
import { CHUNK_BYTES } from "./workspace-limits";

export type FileRow = {
  seq: number;
  path: string;
  version: number;
  size_bytes: number;
  content_type: string;
  is_text: number;
  chunk_count: number;
  written_by: string;
  written_at: string;
  created_at: string;
};

export function findFile(sql: SqlStorage, path: string): FileRow | null {
  return sql.exec<FileRow>("SELECT * FROM files WHERE path = ?", path).toArray()[0] ?? null;
}

export function renderFile(row: FileRow): WorkspaceFile {
  return {
    type: "workspace_file",
    path: row.path,
    version: row.version,
    size_bytes: row.size_bytes,
    content_type: row.content_type,
    is_text: row.is_text === 1,
    written_by: JSON.parse(row.written_by) as WorkspaceWriter,
    written_at: row.written_at,
    created_at: row.created_at,
  };
}

export interface FileContent {
  bytes: Uint8Array;
  contentType: string;
}

/** Text is UTF-8 without NUL bytes; anything else is binary, which the file tools do not read or edit. */
export function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stores new content as the live file at `path`, under a new seq (a replaced file's row must already have moved to
 * the history, see file-history.ts); `createdAt` carries over from the version it replaces. Call it inside a transaction.
 */
export function storeFile(
  sql: SqlStorage,
  path: string,
  content: FileContent,
  version: number,
  writer: WorkspaceWriter,
  at: string,
  createdAt: string,
): FileRow {
  const chunkCount = Math.ceil(content.bytes.byteLength / CHUNK_BYTES);
  const seq = sql
    .exec<{ seq: number }>(
      `INSERT INTO files (path, version, size_bytes, content_type, is_text, chunk_count, written_by, written_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      path,
      version,
      content.bytes.byteLength,
      content.contentType,
      isText(content.bytes) ? 1 : 0,
      chunkCount,
      JSON.stringify(writer),
      at,
      createdAt,
    )
    .one().seq;
  for (let idx = 0; idx < chunkCount; idx++) {
    const chunk = content.bytes.slice(idx * CHUNK_BYTES, (idx + 1) * CHUNK_BYTES);
    sql.exec("INSERT INTO file_chunks (file_seq, idx, data) VALUES (?, ?, ?)", seq, idx, chunk.buffer);
  }
  return findFile(sql, path)!;
}

/** The content stored under `seq`: a live file's, or a past version's (its `content_seq`). */
export function readContent(sql: SqlStorage, seq: number, sizeBytes: number): Uint8Array {
  const bytes = new Uint8Array(sizeBytes);
  let offset = 0;
  for (const chunk of sql.exec<{ data: ArrayBuffer }>("SELECT data FROM file_chunks WHERE file_seq = ? ORDER BY idx", seq)) {
    bytes.set(new Uint8Array(chunk.data), offset);
    offset += chunk.data.byteLength;
  }
  return bytes;
}

/** Content stored under `seq` chunk by chunk, from chunk `first` on: a search reads only as far as it goes. */
export function* readChunksFrom(sql: SqlStorage, seq: number, first: number): Generator<Uint8Array> {
  for (const chunk of sql.exec<{ data: ArrayBuffer }>("SELECT data FROM file_chunks WHERE file_seq = ? AND idx >= ? ORDER BY idx", seq, first)) {
    yield new Uint8Array(chunk.data);
  }
}

export function readText(sql: SqlStorage, row: FileRow): string {
  return new TextDecoder().decode(readContent(sql, row.seq, row.size_bytes));
}

/** Files below a folder (ending in `/`) in path order, after `afterPath` when given. */
export function filesUnder(sql: SqlStorage, folder: string, afterPath?: string, limit = -1): FileRow[] {
  return sql
    .exec<FileRow>("SELECT * FROM files WHERE substr(path, 1, ?) = ? AND path > ? ORDER BY path LIMIT ?", folder.length, folder, afterPath ?? "", limit)
    .toArray();
}

// The live memories of a store in its `memories` table: lookups, path overlaps, folder scans, and the wire shape.
import type { Memory, MemoryAuthor, MemoryLinks, MemoryView, Provenance } from "../schemas/memory";
import { ancestorPaths, folderRange } from "../schemas/memory-path";
import { supportCount } from "./provenance";

export type MemoryRow = {
  seq: number;
  id: string;
  path: string;
  /** Empty when read for the basic view, which never shows it. */
  content: string;
  content_sha256: string;
  content_size_bytes: number;
  memory_version_id: string;
  author: string;
  provenance: string;
  last_confirmed_at: string | null;
  links: string;
  created_at: string;
  updated_at: string;
};

/** The columns to read: the basic view leaves the content (up to 100 kB a memory) on disk. */
function columns(view: MemoryView): string {
  const content = view === "full" ? "content" : "'' AS content";
  return `seq, id, path, ${content}, content_sha256, content_size_bytes, memory_version_id,
    author, provenance, last_confirmed_at, links, created_at, updated_at`;
}

/** A live memory by its id, its path, or its row number in the search index. */
export type MemoryKey = { id: string } | { path: string } | { seq: number };

export function findMemory(sql: SqlStorage, key: MemoryKey, view: MemoryView = "full"): MemoryRow | null {
  const [column, value] = "id" in key ? ["id", key.id] : "path" in key ? ["path", key.path] : ["seq", key.seq];
  return sql.exec<MemoryRow>(`SELECT ${columns(view)} FROM memories WHERE ${column} = ?`, value).toArray()[0] ?? null;
}

/** A memory, other than `exceptId`, whose path equals `path` or is its ancestor or descendant; null if none. */
export function findOverlappingMemory(sql: SqlStorage, path: string, exceptId: string | null): { id: string; path: string } | null {
  const sameOrAbove = [path, ...ancestorPaths(path)];
  const below = folderRange(path + "/");
  return (
    sql
      .exec<{ id: string; path: string }>(
        `SELECT id, path FROM memories
         WHERE (path IN (${sameOrAbove.map(() => "?").join(",")}) OR (path >= ? AND path < ?)) AND id IS NOT ?
         ORDER BY path LIMIT 1`,
        ...sameOrAbove,
        below.from,
        below.to,
        exceptId,
      )
      .toArray()[0] ?? null
  );
}

/** Memories below a folder in path (byte) order, from `start` on; read lazily so a page stops reading when full. */
export function memoriesInFolder(sql: SqlStorage, folder: string, view: MemoryView, start?: { path: string; inclusive: boolean }): Iterable<MemoryRow> {
  const range = folderRange(folder);
  const after = start ? `AND path ${start.inclusive ? ">=" : ">"} ?` : "";
  return sql.exec<MemoryRow>(
    `SELECT ${columns(view)} FROM memories WHERE path >= ? AND path < ? ${after} ORDER BY path`,
    range.from,
    range.to,
    ...(start ? [start.path] : []),
  );
}

export function renderMemory(row: MemoryRow, storeId: string, view: MemoryView): Memory {
  const provenance = JSON.parse(row.provenance) as Provenance[];
  return {
    id: row.id,
    type: "memory",
    memory_store_id: storeId,
    path: row.path,
    content: view === "full" ? row.content : null,
    content_sha256: row.content_sha256,
    content_size_bytes: row.content_size_bytes,
    memory_version_id: row.memory_version_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    lucid: {
      author: JSON.parse(row.author) as MemoryAuthor,
      provenance,
      support_count: supportCount(provenance),
      last_confirmed_at: row.last_confirmed_at,
      ...(JSON.parse(row.links) as MemoryLinks),
    },
  };
}

/**
 * The first `limit` paths in path order outside `excludedFolders`, and how many there are in all: an index of a store
 * of any size that stays small enough to put in a prompt (and to send by RPC).
 */
export function boundedPathIndex(
  sql: SqlStorage,
  limit: number,
  excludedFolders: readonly string[],
): { entries: { path: string; content_size_bytes: number }[]; total: number } {
  const ranges = excludedFolders.map(folderRange);
  const outside = ranges.map(() => "NOT (path >= ? AND path < ?)").join(" AND ") || "1";
  const bounds = ranges.flatMap((range) => [range.from, range.to]);
  const entries = sql
    .exec<{ path: string; content_size_bytes: number }>(
      `SELECT path, content_size_bytes FROM memories WHERE ${outside} ORDER BY path LIMIT ?`,
      ...bounds,
      limit,
    )
    .toArray();
  const total = sql.exec<{ total: number }>(`SELECT COUNT(*) AS total FROM memories WHERE ${outside}`, ...bounds).one().total;
  return { entries, total };
}

// The FTS5 index over live memories' paths and contents, kept in step with the `memories` table, and BM25 search over it.
import { folderRange } from "../schemas/memory-path";
import { toFtsQuery } from "./search-query";

/** Paths are short and chosen to name the memory, so a match there counts double. */
const PATH_WEIGHT = 2;
const CONTENT_WEIGHT = 1;
const SNIPPET_TOKENS = 16;

/** (Re)indexes a memory under its `seq`; call it in the transaction that writes the memory. */
export function indexMemory(sql: SqlStorage, seq: number, path: string, content: string): void {
  sql.exec("DELETE FROM memories_fts WHERE rowid = ?", seq);
  sql.exec("INSERT INTO memories_fts (rowid, path, content) VALUES (?, ?, ?)", seq, path, content);
}

export function unindexMemory(sql: SqlStorage, seq: number): void {
  sql.exec("DELETE FROM memories_fts WHERE rowid = ?", seq);
}

export type SearchHit = {
  seq: number;
  score: number;
  snippet: string;
};

/**
 * The best matches first; a query with no searchable word matches nothing rather than failing. Memories under
 * `excludedFolders` are left out before the limit, so however many of them match they never crowd out the others.
 */
export function searchIndex(sql: SqlStorage, text: string, limit: number, excludedFolders: readonly string[] = []): SearchHit[] {
  const match = toFtsQuery(text);
  if (!match) return [];
  const ranges = excludedFolders.map(folderRange);
  const outside = ranges.map(() => " AND NOT (path >= ? AND path < ?)").join("");
  return sql
    .exec<SearchHit>(
      `SELECT rowid AS seq, -bm25(memories_fts, ?, ?) AS score, snippet(memories_fts, -1, '**', '**', '…', ?) AS snippet
       FROM memories_fts WHERE memories_fts MATCH ?${outside} ORDER BY bm25(memories_fts, ?, ?) LIMIT ?`,
      PATH_WEIGHT,
      CONTENT_WEIGHT,
      SNIPPET_TOKENS,
      match,
      ...ranges.flatMap((range) => [range.from, range.to]),
      PATH_WEIGHT,
      CONTENT_WEIGHT,
      limit,
    )
    .toArray();
}

// The FTS5 index over live memories' paths and contents, kept in step with the `memories` table, and BM25 search over it.
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

/** The best matches first; a query with no searchable word matches nothing rather than failing. */
export function searchIndex(sql: SqlStorage, text: string, limit: number): SearchHit[] {
  const match = toFtsQuery(text);
  if (!match) return [];
  return sql
    .exec<SearchHit>(
      `SELECT rowid AS seq, -bm25(memories_fts, ?, ?) AS score, snippet(memories_fts, -1, '**', '**', '…', ?) AS snippet
       FROM memories_fts WHERE memories_fts MATCH ? ORDER BY bm25(memories_fts, ?, ?) LIMIT ?`,
      PATH_WEIGHT,
      CONTENT_WEIGHT,
      SNIPPET_TOKENS,
      match,
      PATH_WEIGHT,
      CONTENT_WEIGHT,
      limit,
    )
    .toArray();
}

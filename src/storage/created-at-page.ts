// Keyset paging by (created_at, id): one page of a table's rows after a cursor, the way the directory's lists page.
import { decodeCursor, toPage } from "./page-cursor";

export interface CreatedAtQuery {
  /** Column list and table (with joins) of the query: `SELECT ${select} FROM ${from}`. */
  select: string;
  from: string;
  /** An extra condition, with its parameters. */
  where?: string;
  params?: SqlStorageValue[];
  /** Table alias of the `created_at` and `id` columns, when the query joins (`"d."`). */
  qualifier?: string;
}

/** Rows in (created_at, id) order, newest first unless `order` is asc, resuming after the cursor's position. */
export function pageByCreatedAt<T extends Record<string, SqlStorageValue> & { created_at: string; id: string }>(
  sql: SqlStorage,
  query: CreatedAtQuery,
  page: string | undefined,
  limit: number,
  order: "asc" | "desc" = "desc",
): { data: T[]; next_page: string | null } {
  const after = decodeCursor(page);
  const [createdAt, id] = [`${query.qualifier ?? ""}created_at`, `${query.qualifier ?? ""}id`];
  const cmp = order === "desc" ? "<" : ">";
  const direction = order === "desc" ? "DESC" : "ASC";
  const key = after ? String(after.key) : null;
  const rows = sql
    .exec<T>(
      `SELECT ${query.select} FROM ${query.from}
       WHERE (${query.where ?? "1 = 1"}) AND (? IS NULL OR ${createdAt} ${cmp} ? OR (${createdAt} = ? AND ${id} ${cmp} ?))
       ORDER BY ${createdAt} ${direction}, ${id} ${direction} LIMIT ?`,
      ...(query.params ?? []),
      key,
      key,
      key,
      after?.id ?? null,
      limit + 1,
    )
    .toArray();
  return toPage(rows, limit, (row) => ({ key: row.created_at, id: row.id }));
}

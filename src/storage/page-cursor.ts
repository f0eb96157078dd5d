// Opaque page cursors: the position after the last item of a page, encoded so clients treat it as a token.
import { invalidRequest } from "../platform/errors";

export interface CursorPosition {
  /** The ordering key of the last item returned (a timestamp or a sequence number). */
  key: string | number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return "page_" + btoa(JSON.stringify([position.key, position.id])).replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined) return null;
  try {
    const [key, id] = JSON.parse(atob(cursor.replace(/^page_/, ""))) as [unknown, unknown];
    if ((typeof key === "string" || typeof key === "number") && typeof id === "string") return { key, id };
  } catch {
    // fall through to the error below
  }
  throw invalidRequest(`page: '${cursor}' is not a page cursor returned by this API`);
}

/** Builds a page from rows fetched with limit + 1, so that whether more exist is known without a count. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => CursorPosition) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_page: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

// The session transcript: appending events with monotonic sequence numbers, and reading them back in pages.
import { invalidRequest } from "../platform/errors";
import { newEventId } from "../ids";
import type { SessionEvent } from "../schemas/session-event";
import { decodeCursor, toPage } from "../storage/page-cursor";

export interface StoredEvent {
  seq: number;
  event: SessionEvent;
}

/** Appends one event; `fields` are the type's own fields. The id may be given when it was announced earlier (stream previews). */
export function appendEvent(sql: SqlStorage, sessionId: string, type: string, fields: Record<string, unknown> = {}, id = newEventId()): StoredEvent {
  const event: SessionEvent = { id, type, processed_at: new Date().toISOString(), ...fields };
  const { seq } = sql
    .exec<{ seq: number }>(
      "INSERT INTO events (session_id, id, type, processed_at, body) VALUES (?, ?, ?, ?, ?) RETURNING seq",
      sessionId,
      id,
      type,
      event.processed_at,
      JSON.stringify(event),
    )
    .one();
  return { seq, event };
}

export function readEvents(sql: SqlStorage, sessionId: string, afterSeq = 0): StoredEvent[] {
  return sql
    .exec<{ seq: number; body: string }>("SELECT seq, body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq", sessionId, afterSeq)
    .toArray()
    .map((row) => ({ seq: row.seq, event: JSON.parse(row.body) as SessionEvent }));
}

/** The sequence number of an event of this session, for replaying what came after it. */
export function seqOfEvent(sql: SqlStorage, sessionId: string, eventId: string): number {
  const row = sql.exec<{ seq: number }>("SELECT seq FROM events WHERE session_id = ? AND id = ?", sessionId, eventId).toArray()[0];
  if (!row) throw invalidRequest(`Event '${eventId}' is not an event of session '${sessionId}'; cannot resume after it.`);
  return row.seq;
}

export interface EventPageQuery {
  limit: number;
  page?: string;
  order: "asc" | "desc";
  types?: string[];
}

export function pageEvents(sql: SqlStorage, sessionId: string, query: EventPageQuery) {
  const after = decodeCursor(query.page);
  const cmp = query.order === "asc" ? ">" : "<";
  const where = ["session_id = ?"];
  const args: (string | number)[] = [sessionId];
  if (after) where.push(`seq ${cmp} ?`), args.push(Number(after.key));
  if (query.types?.length) {
    where.push(`type IN (${query.types.map(() => "?").join(",")})`);
    args.push(...query.types);
  }
  const rows = sql
    .exec<{ seq: number; id: string; body: string }>(
      `SELECT seq, id, body FROM events WHERE ${where.join(" AND ")} ORDER BY seq ${query.order === "asc" ? "ASC" : "DESC"} LIMIT ?`,
      ...args,
      query.limit + 1,
    )
    .toArray();
  const page = toPage(rows, query.limit, (row) => ({ key: row.seq, id: row.id }));
  return { data: page.data.map((row) => JSON.parse(row.body) as SessionEvent), next_page: page.next_page };
}

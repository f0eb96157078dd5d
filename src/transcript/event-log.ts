// The transcript of a session (or of a dream's progress session): appending events with monotonic sequence numbers,
// and reading them back in pages, typed by the closed union of the events such a transcript holds.
import { invalidRequest } from "../platform/errors";
import { newEventId } from "../ids";
import type { AppendArgs, DreamProgressEvent, SessionEvent } from "../schemas/recorded-events";
import { MAX_EVENT_PAGE_BYTES } from "../schemas/limits";
import { decodeCursor, toPage } from "../storage/page-cursor";

/** What every recorded event has; the rest of it is its kind's own fields. */
interface LoggedEvent {
  id: string;
  type: string;
  processed_at: string | null;
}

export interface StoredEvent<E extends LoggedEvent = SessionEvent> {
  seq: number;
  event: E;
}

export interface EventPageQuery {
  limit: number;
  page?: string;
  order: "asc" | "desc";
  types?: string[];
}

/** The log's operations for a transcript holding the events of union `E`. */
function eventLog<E extends LoggedEvent>() {
  return {
    /**
     * Appends one event of kind `type` with that kind's fields. The id may be given when it was announced earlier
     * (stream previews, a thread event redelivered, a queued message).
     */
    append<T extends E["type"]>(sql: SqlStorage, sessionId: string, type: T, ...[fields, id = newEventId()]: AppendArgs<Extract<E, { type: T }>>) {
      // The one place an event is assembled from its kind and fields, which AppendArgs has already held to that kind.
      const event = { id, type, processed_at: new Date().toISOString(), ...fields } as Extract<E, { type: T }>;
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
      return { seq, event } satisfies StoredEvent<Extract<E, { type: T }>>;
    },

    /** The events after `afterSeq`, in order. They were recorded through `append`, so they are of the union. */
    read(sql: SqlStorage, sessionId: string, afterSeq = 0): StoredEvent<E>[] {
      return sql
        .exec<{ seq: number; body: string }>("SELECT seq, body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq", sessionId, afterSeq)
        .toArray()
        .map((row) => ({ seq: row.seq, event: JSON.parse(row.body) as E }));
    },

    page(sql: SqlStorage, sessionId: string, query: EventPageQuery): { data: E[]; next_page: string | null } {
      const after = decodeCursor(query.page);
      const cmp = query.order === "asc" ? ">" : "<";
      const where = ["session_id = ?"];
      const args: (string | number)[] = [sessionId];
      if (after) where.push(`seq ${cmp} ?`), args.push(Number(after.key));
      if (query.types?.length) {
        where.push(`type IN (${query.types.map(() => "?").join(",")})`);
        args.push(...query.types);
      }
      const cursor = sql.exec<{ seq: number; id: string; body: string }>(
        `SELECT seq, id, body FROM events WHERE ${where.join(" AND ")} ORDER BY seq ${query.order === "asc" ? "ASC" : "DESC"} LIMIT ?`,
        ...args,
        query.limit + 1,
      );
      // Read row by row: a page ends at `limit` events or before MAX_EVENT_PAGE_BYTES of them (never empty), and the
      // row after it, if any, says there is a next page.
      const rows: { seq: number; id: string; body: string }[] = [];
      let size = query.limit;
      let bytes = 0;
      for (const row of cursor) {
        bytes += row.body.length;
        if (rows.length === size || (rows.length > 0 && bytes > MAX_EVENT_PAGE_BYTES)) {
          size = rows.length;
          rows.push(row);
          break;
        }
        rows.push(row);
      }
      const page = toPage(rows, size, (row) => ({ key: row.seq, id: row.id }));
      return { data: page.data.map((row) => JSON.parse(row.body) as E), next_page: page.next_page };
    },
  };
}

const sessionTranscript = eventLog<SessionEvent>();
/** Appends one event to a session's transcript: `appendEvent(sql, sessionId, "agent.message", { content }, id?)`. */
export const appendEvent = sessionTranscript.append;
/** A session's events after `afterSeq` (all of them by default), with their sequence numbers. */
export const readEvents = sessionTranscript.read;
/** A page of a session's events, for the events API. */
export const pageEvents = sessionTranscript.page;

/** A dream's progress session: the same log in the dream's object, holding its own union of events. */
export const dreamProgressLog = eventLog<DreamProgressEvent>();

/** The sequence number of an event of this session, for replaying what came after it. */
export function seqOfEvent(sql: SqlStorage, sessionId: string, eventId: string): number {
  const row = sql.exec<{ seq: number }>("SELECT seq FROM events WHERE session_id = ? AND id = ?", sessionId, eventId).toArray()[0];
  if (!row) throw invalidRequest(`Event '${eventId}' is not an event of session '${sessionId}'; cannot resume after it.`);
  return row.seq;
}

// The orchestrator's outbox: the thread events a coordinator's transcript records, queued with their ids fixed (so a
// redelivery is recognised) and delivered in order to the coordinator's AgentObject (`appendThreadEvents`).
import { newEventId } from "../ids";
import { type EventFields, eventTypes, type SessionEventOf } from "../schemas/recorded-events";

/** The kinds of event an orchestrator sends its coordinator. */
export const COORDINATOR_EVENT_TYPES = eventTypes(
  "session.thread_created",
  "agent.thread_message_sent",
  "agent.thread_message_received",
  "session.thread_status_running",
  "session.thread_status_idle",
  "session.thread_status_terminated",
);
export type CoordinatorEventType = (typeof COORDINATOR_EVENT_TYPES)[number];

/** One queued event: its kind and that kind's fields, which the coordinator appends under the id given here. */
export type CoordinatorEvent = { [T in CoordinatorEventType]: { id: string; type: T; fields: EventFields<SessionEventOf<T>> } }[CoordinatorEventType];

/** Queues an event for the coordinator's stream; the pump delivers the outbox in order. */
export function queueCoordinatorEvent<T extends CoordinatorEventType>(sql: SqlStorage, type: T, fields: EventFields<SessionEventOf<T>>): void {
  sql.exec("INSERT INTO outbox (event_id, type, fields) VALUES (?, ?, ?)", newEventId(), type, JSON.stringify(fields));
}

/** The outbox in order, with the sequence number of the last event read (delivered events are deleted up to it). */
export function outboxEvents(sql: SqlStorage): { events: CoordinatorEvent[]; lastSeq: number } {
  const rows = sql.exec<{ seq: number; event_id: string; type: string; fields: string }>("SELECT * FROM outbox ORDER BY seq").toArray();
  // Only queueCoordinatorEvent writes the outbox, so each row is a kind and its fields as that kind has them.
  const events = rows.map((row) => ({ id: row.event_id, type: row.type, fields: JSON.parse(row.fields) }) as CoordinatorEvent);
  return { events, lastSeq: rows.at(-1)?.seq ?? 0 };
}

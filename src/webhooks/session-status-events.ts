// Maps committed session events to the session webhooks (status changes, outcome evaluations): one webhook event per
// session event, keyed by its id.
import type { Env } from "../env";
import { dreamIdOfSession } from "../ids";
import { isEventOf, type SessionEvent, type SessionEventType } from "../schemas/recorded-events";
import type { WebhookEventType } from "../schemas/webhook-event";
import { emitWebhookEvent } from "./emit";

const STATUS_WEBHOOKS = {
  "session.status_running": "session.status_run_started",
  "session.status_idle": "session.status_idled",
  "session.status_terminated": "session.status_terminated",
  // Every evaluation's end, whatever its result: a caller waiting on graded work learns each verdict.
  "span.outcome_evaluation_end": "session.outcome_evaluation_ended",
  // A coordinator session opened a thread; the payload names it (`session_thread_id`).
  "session.thread_created": "session.thread_created",
} as const satisfies Partial<Record<SessionEventType, WebhookEventType>>;

type AnnouncedType = keyof typeof STATUS_WEBHOOKS;

/** The session events announced by a webhook: the transcript's hook watches only these, not the many others. */
export const WEBHOOK_ANNOUNCED_EVENT_TYPES = Object.keys(STATUS_WEBHOOKS) as AnnouncedType[];

/** Emits the webhooks among `events` of a session; a dream's progress session emits none. */
export async function emitSessionStatusWebhooks(env: Env, tenantId: string, sessionId: string, events: SessionEvent[]): Promise<void> {
  if (dreamIdOfSession(sessionId)) return;
  for (const event of events) {
    if (!isEventOf(event, WEBHOOK_ANNOUNCED_EVENT_TYPES)) continue;
    const thread = event.type === "session.thread_created" ? { session_thread_id: event.session_thread_id } : {};
    await emitWebhookEvent(env, tenantId, { type: STATUS_WEBHOOKS[event.type], id: sessionId, ...thread }, event.id);
  }
}

// The fault-injection switch: named boundaries in the runners where a test makes the object crash, as an eviction,
// a deploy or a lost machine would, so every boundary's recovery is tested on purpose rather than by luck.

/** Each boundary a runner passes; the name says what has been stored durably when it is reached. */
export const CRASH_POINTS = [
  // Sessions (AgentObject)
  "session.request_started", // span.model_request_start stored, the model not yet asked
  "session.reply_received", // the model answered; its reply is not stored yet
  "session.reply_recorded", // the reply (and its tool calls) stored; the next step not yet scheduled
  "session.tool_executed", // a built-in tool ran; its result is not stored yet
  "session.tool_recorded", // a built-in tool's result stored; the next tool call not yet run
  // Dreams (DreamObject)
  "dream.phase_started", // a phase began; none of its model calls made
  "dream.model_call_made", // a model call of a phase answered; its output not yet checkpointed
  "dream.phase_checkpointed", // a phase's output (or the guarded changeset) checkpointed; the next unit not yet begun
  "dream.held_for_review", // the changeset recorded as held for a person; its dream.pending_review notice not yet sent
  "dream.output_written", // the output store written; the agent not yet pointed at it
  "dream.output_adopted", // the agent pointed at the output (when the dream moves it); the dream not yet marked completed
  "dream.completion_recorded", // the dream marked completed; its dream.completed notice not yet sent
  // Multiagent sessions (OrchestratorObject)
  "orchestrator.thread_opened", // a thread's session created; its start not yet recorded, other threads' maybe not begun
  "orchestrator.result_received", // a thread's status arrived; not yet recorded
  "orchestrator.result_recorded", // a thread's status recorded; the thread not yet answered, the coordinator not yet told
  "orchestrator.events_delivered", // the coordinator stored a batch of thread events; the outbox not yet cleared
  "orchestrator.wait_delivered", // the coordinator stored a wait's result; the wait not yet marked delivered
  // Webhook delivery (queue consumer)
  "webhook.attempt_started", // the attempt recorded as begun (unfinished); nothing sent yet
  "webhook.sent", // the receiver answered; the attempt's outcome not yet recorded, the message not yet acknowledged
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/**
 * Armed crashes, by point. Module state, not storage: it must survive the crash it causes, and nothing but code in the
 * same isolate (the test suite, which runs beside the objects in workerd) can arm it; no route or binding reaches it.
 */
const armed = new Map<CrashPoint, { skip: number; remaining: number }>();

/** Arms `point`: the next `times` passes after the first `skip` crash there. */
export function armCrash(point: CrashPoint, options: { skip?: number; times?: number } = {}): void {
  armed.set(point, { skip: options.skip ?? 0, remaining: options.times ?? 1 });
}

export function disarmCrashes(): void {
  armed.clear();
}

/** Whether `point` is still armed (a test checks that the crash it armed really happened). */
export function crashStillArmed(point: CrashPoint): boolean {
  return armed.has(point);
}

/** What a crash point throws, after resetting the object if there is one: nothing after the boundary runs. */
export class SimulatedCrash extends Error {
  constructor(readonly point: CrashPoint) {
    super(`simulated crash at ${point}`);
  }
}

/** Whether an armed crash fires at this pass of `point`; counts the pass. */
function fires(point: CrashPoint): boolean {
  const arm = armed.get(point);
  if (!arm || arm.remaining <= 0) return false;
  if (arm.skip > 0) {
    arm.skip -= 1;
    return false;
  }
  arm.remaining -= 1;
  return true;
}

/** Resets the object if there is one and throws; the point stops counting as armed only now, when the crash happens. */
function crashNow(ctx: DurableObjectState | null, point: CrashPoint): never {
  if (armed.get(point)?.remaining === 0) armed.delete(point);
  const crash = new SimulatedCrash(point);
  try {
    ctx?.abort(crash.message);
  } catch {
    // abort() throws its own error; callers see one kind of crash wherever it happens, with or without an object.
  }
  throw crash;
}

/**
 * Passes a boundary. When a crash is armed there, the object is reset (its in-memory state and unfinished work gone,
 * its storage as last committed) and the current call throws, exactly as when the runtime evicts it mid-work.
 */
export function passCrashPoint(ctx: DurableObjectState | null, point: CrashPoint): void {
  if (armed.size === 0 || !fires(point)) return;
  crashNow(ctx, point);
}

/**
 * Passes a boundary after which the object's writes so far must survive, as the point's name says: when a crash is
 * armed there, it first waits until they are durable. Without the wait the reset would discard the writes of the
 * current turn (they commit only once it yields), and the crash would fall before the boundary instead of at it.
 */
export async function passCrashPointAfterCommit(ctx: DurableObjectState, point: CrashPoint): Promise<void> {
  if (armed.size === 0 || !fires(point)) return;
  await ctx.storage.sync();
  crashNow(ctx, point);
}

// Follows a session's live stream through a view until the session stops working (idle or terminated).
import type { CommandContext } from "./command";
import { createSessionView, type SessionEnd, type SessionView } from "./render/session-view";

export interface FollowResult {
  view: SessionView;
  /** How the session ended; undefined if the stream closed first (the session was deleted). */
  end: SessionEnd | undefined;
}

/**
 * Streams the session after `afterId` until it stops working. `beforeReading` (sending the input) runs once the stream
 * is being opened, so the text previews of a reply that starts at once are not missed.
 */
export async function followSession(
  context: CommandContext,
  sessionId: string,
  afterId: string | undefined,
  showUserMessages: boolean,
  beforeReading?: () => Promise<unknown>,
): Promise<FollowResult> {
  const view = createSessionView(context.out, { json: context.json, tty: context.io.isTTY, showUserMessages });
  const stop = new AbortController();
  const frames = context.lucid.sessionEvents(sessionId, { afterId, eventDeltas: true, signal: stop.signal })[Symbol.asyncIterator]();
  let next = frames.next();
  // If sending fails, the pending read is abandoned: its rejection after the abort is expected.
  next.catch(() => undefined);
  let end: SessionEnd | undefined;
  try {
    await beforeReading?.();
    for (;;) {
      const frame = await next;
      if (frame.done) break;
      end = view.show(frame.value);
      if (end) break;
      next = frames.next();
    }
  } finally {
    stop.abort();
    view.close();
    await frames.return?.(undefined);
  }
  return { view, end };
}

/** 0 when the session ended its turn and met its outcome (if it had one); 1 otherwise. */
export function exitCodeOf(result: FollowResult): number {
  const { end, view } = result;
  if (end?.state !== "idle" || end.stopReason !== "end_turn") return 1;
  const verdict = view.verdicts.at(-1);
  return verdict === undefined || verdict === "satisfied" ? 0 : 1;
}

/** One line saying how the session ended, with its counters. */
export function endingLine(sessionId: string, result: FollowResult): string {
  const { end, view } = result;
  const verdict = view.verdicts.at(-1);
  const outcome = verdict ? ` · outcome ${verdict}` : "";
  if (!end) return `✗ the stream of ${sessionId} closed before the session finished`;
  if (end.state === "terminated") return `✗ ${sessionId} terminated · ${view.counters()}`;
  if (end.stopReason === "requires_action")
    return `✗ ${sessionId} is waiting for you: results of custom tool calls, or confirmations of tool calls (${end.eventIds.join(", ")}) · ${view.counters()}`;
  if (end.stopReason !== "end_turn") return `✗ ${sessionId} stopped: ${end.stopReason} · ${view.counters()}`;
  return `${exitCodeOf(result) === 0 ? "✓" : "✗"} ${sessionId} idle · ${view.counters()}${outcome}`;
}

// Follows one Lucid session's event stream (SSE, through the official SDK) so the harness sees the moment an event arrives.
import type Anthropic from "@anthropic-ai/sdk";

export type StreamEvent = { type: string; id?: string; stop_reason?: { type: string } };

/** An event type, or a test of the whole event where the type alone does not say enough. */
export type EventMatch = string | ((event: StreamEvent) => boolean);

export interface SessionWatch {
  /** Events received so far; a turn waits for an event past the count it saw when it began. */
  readonly received: readonly { event: StreamEvent; at: number }[];
  /** Resolves with the arrival time of the first event matching `match` after the first `after` events. */
  arrival(match: EventMatch, after: number, timeoutMs?: number): Promise<number>;
  close(): void;
}

export async function watchSession(client: Anthropic, sessionId: string): Promise<SessionWatch> {
  const stream = await client.beta.sessions.events.stream(sessionId);
  const received: { event: StreamEvent; at: number }[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown = null;
  void (async () => {
    try {
      for await (const event of stream) {
        received.push({ event: event as StreamEvent, at: performance.now() });
        for (const wake of waiters) wake();
      }
    } catch (error) {
      if (!stream.controller.signal.aborted) failure = error;
    }
    for (const wake of waiters) wake();
  })();
  const find = (match: EventMatch, after: number) =>
    received.slice(after).find((entry) => (typeof match === "string" ? entry.event.type === match : match(entry.event)));
  return {
    received,
    arrival: (match, after, timeoutMs = 30_000) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => settle(new Error(`no ${typeof match === "string" ? match : "matching event"} on session ${sessionId} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          const found = find(match, after);
          if (found) settle(null, found.at);
          else if (failure) settle(failure);
        };
        const settle = (error: unknown, at?: number) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else resolve(at!);
        };
        waiters.add(check);
        check();
      }),
    close: () => stream.controller.abort(),
  };
}

// Follows one Lucid session's event stream (SSE, through the official SDK) so the harness sees the moment an event arrives.
import type Anthropic from "@anthropic-ai/sdk";

type StreamEvent = { type: string; id?: string };

export interface SessionWatch {
  /** Events received so far; a turn waits for an event past the count it saw when it began. */
  readonly received: readonly { event: StreamEvent; at: number }[];
  /** Resolves with the arrival time of the first `type` event after the first `after` events. */
  arrival(type: string, after: number, timeoutMs?: number): Promise<number>;
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
  const find = (type: string, after: number) => received.slice(after).find((entry) => entry.event.type === type);
  return {
    received,
    arrival: (type, after, timeoutMs = 30_000) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => settle(new Error(`no ${type} on session ${sessionId} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          const found = find(type, after);
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

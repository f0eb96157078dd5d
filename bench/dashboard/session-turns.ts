// Drives one session turn by turn over its SSE stream (official SDK): send a user message, wait until that turn is idle.
import type Anthropic from "@anthropic-ai/sdk";

export interface SessionTurns {
  /** Sends `text` as a user message and resolves when the turn it starts has ended (idle after running). */
  say(text: string): Promise<void>;
  close(): void;
}

/** One stream for the session's whole life, read in order, so each turn waits for its own idle, never an earlier one. */
export async function openSessionTurns(client: Anthropic, sessionId: string): Promise<SessionTurns> {
  const stream = await client.beta.sessions.events.stream(sessionId);
  const events = stream[Symbol.asyncIterator]();
  const turnEnded = async () => {
    let running = false;
    for (;;) {
      const next = await events.next();
      if (next.done) throw new Error(`the stream of ${sessionId} ended during a turn`);
      const event = next.value;
      if (event.type === "session.error") throw new Error(`session.error on ${sessionId}: ${JSON.stringify(event)}`);
      if (event.type === "session.status_running") running = true;
      if (event.type === "session.status_idle" && running) return;
    }
  };
  return {
    async say(text) {
      await client.beta.sessions.events.send(sessionId, { events: [{ type: "user.message", content: [{ type: "text", text }] }] });
      await turnEnded();
    },
    close: () => stream.controller.abort(),
  };
}

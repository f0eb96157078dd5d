// `lucid multiagent <session>`: a coordinator's threads and their status, live until the coordinator stops working.
import type { Command, CommandContext } from "../command";
import type { SessionThread } from "../../src/schemas/multiagent";
import { lucidSession } from "../../client/lucid-shapes";
import { contentText, stringField } from "../render/event-fields";
import { type SessionEnd, sessionEndOf } from "../render/session-view";
import { createThreadTable, type ThreadRow } from "../render/thread-table";
import { lastEventId } from "./lookups";

/** Thread events that change the table. */
const THREAD_EVENT = /^(session\.thread_|agent\.thread_message_received)/;

async function threadRows(context: CommandContext, sessionId: string, replies: Map<string, string>): Promise<ThreadRow[]> {
  const rows: ThreadRow[] = [];
  // The SDK returns the API's JSON, which carries Lucid's `lucid_state` (src/schemas/multiagent.ts).
  for await (const thread of context.anthropic.beta.sessions.threads.list(sessionId)) {
    rows.push({ thread: thread as unknown as SessionThread, reply: replies.get(thread.id) });
  }
  return rows;
}

export const multiagentCommand: Command = {
  path: ["multiagent"],
  args: ["<session>"],
  summary: "show a coordinator session's threads and their status, live",
  flags: {},
  notes: ["Redrawn in place on a terminal; one line per change otherwise (and with --json, one JSON line per table)."],
  async run(context, args) {
    const sessionId = args.positionals[0]!;
    const { anthropic, out } = context;
    const replies = new Map<string, string>();
    // Replies already received are in the transcript; the stream brings the rest.
    for await (const event of anthropic.beta.sessions.events.list(sessionId, { types: ["agent.thread_message_received"] })) {
      const fields = event as unknown as Parameters<typeof stringField>[0];
      const from = stringField(fields, "from_session_thread_id");
      if (from) replies.set(from, contentText(fields));
    }
    const threads = createThreadTable(out, context.io.isTTY && !context.json);
    const draw = async (status: string) => {
      const rows = await threadRows(context, sessionId, replies);
      if (context.json)
        out.record({
          type: "lucid.cli.threads",
          session_id: sessionId,
          coordinator: status,
          threads: rows.map(({ thread, reply }) => ({ ...thread, reply: reply ?? null })),
        });
      else threads.update(rows, status);
    };
    // The stream starts after the newest event seen before the status is read, so an ending in between is not missed.
    const afterId = await lastEventId(anthropic, sessionId);
    const session = lucidSession(await anthropic.beta.sessions.retrieve(sessionId));
    if (session.status === "idle" || session.status === "terminated") {
      await draw(session.status);
      return session.status === "idle" && session.stop_reason?.type === "end_turn" ? 0 : 1;
    }
    await draw(session.status);
    const stop = new AbortController();
    let end: SessionEnd | undefined;
    try {
      for await (const event of context.lucid.sessionEvents(sessionId, { afterId, signal: stop.signal })) {
        if (event.type === "agent.thread_message_received") {
          const from = stringField(event, "from_session_thread_id");
          if (from) replies.set(from, contentText(event));
        }
        end = sessionEndOf(event);
        if (THREAD_EVENT.test(event.type) || end) await draw(end ? end.state : "running");
        if (end) break;
      }
    } finally {
      stop.abort();
    }
    return end?.state === "idle" && end.stopReason === "end_turn" ? 0 : 1;
  },
};

// `lucid sessions list|show|events`: sessions and their transcripts, optionally followed live.
import type { SessionEvent } from "../../client/index";
import type { Command } from "../command";
import { endingLine, exitCodeOf, followSession } from "../follow-session";
import { lucidSession } from "../../client/lucid-shapes";
import { oneLine, table } from "../output";
import { createSessionView, type SessionEnd } from "../render/session-view";
import { resolveAgentId } from "./lookups";
import { positiveInteger } from "../argv";

const list: Command = {
  path: ["sessions", "list"],
  args: [],
  summary: "list sessions, newest first",
  flags: {
    agent: { type: "string", value: "<agent>", description: "only this agent's sessions" },
    limit: { type: "string", value: "<n>", description: "at most this many (default 20)" },
  },
  async run(context, args) {
    const limit = positiveInteger("limit", args.string("limit") ?? "20");
    const agent = args.string("agent");
    const query = agent ? { agent_id: await resolveAgentId(context, agent) } : {};
    const sessions = [];
    for await (const session of context.anthropic.beta.sessions.list(query)) {
      if (sessions.length >= limit) break;
      sessions.push(lucidSession(session));
    }
    if (context.json) return (context.out.json({ data: sessions }), 0);
    if (!sessions.length) return (context.out.line("No sessions."), 0);
    const rows = sessions.map((session) => [
      session.id,
      session.agent.name,
      session.status,
      session.stop_reason?.type ?? "",
      oneLine(session.title ?? "", 40),
      session.created_at,
    ]);
    context.out.line(table(["ID", "AGENT", "STATUS", "STOPPED", "TITLE", "CREATED"], rows));
    return 0;
  },
};

const show: Command = {
  path: ["sessions", "show"],
  args: ["<session>"],
  summary: "show a session: status, usage and cost, outcome evaluations",
  flags: {},
  async run(context, args) {
    const session = lucidSession(await context.anthropic.beta.sessions.retrieve(args.positionals[0]!));
    if (context.json) return (context.out.json(session), 0);
    const { out } = context;
    out.line(`${session.id}  ${session.status}${session.stop_reason ? ` (${session.stop_reason.type})` : ""}`);
    out.line(`  agent     ${session.agent.id} ${session.agent.name} v${session.agent.version}`);
    if (session.title) out.line(`  title     ${session.title}`);
    out.line(
      `  usage     ${session.usage.input_tokens.toLocaleString("en-US")} input / ${session.usage.output_tokens.toLocaleString("en-US")} output tokens${session.usage.list_cost ? ` · ~$${session.usage.list_cost.amount}` : ""}`,
    );
    out.line(`  memory    ${session.resources.map((resource) => `${resource.memory_store_id} (${resource.access})`).join(", ") || "none"}`);
    for (const evaluation of session.outcome_evaluations) {
      out.line(`  outcome   ${evaluation.result} after iteration ${evaluation.iteration}: ${oneLine(evaluation.explanation ?? "", 100)}`);
    }
    out.line(`  created   ${session.created_at}`);
    return 0;
  },
};

const events: Command = {
  path: ["sessions", "events"],
  args: ["<session>"],
  summary: "print a session's transcript; --follow streams it live until the session stops working",
  flags: { follow: { type: "boolean", description: "keep streaming new events until the session goes idle or terminates" } },
  async run(context, args) {
    const sessionId = args.positionals[0]!;
    const view = createSessionView(context.out, { json: context.json, tty: false, showUserMessages: true });
    let lastId: string | undefined;
    let end: SessionEnd | undefined;
    for await (const event of context.anthropic.beta.sessions.events.list(sessionId)) {
      // The SDK's event union and Lucid's schema describe the same JSON; Lucid adds event types (lucid.*) the SDK lacks.
      end = view.show(event as unknown as SessionEvent);
      lastId = event.id;
    }
    view.close();
    if (!args.bool("follow")) return 0;
    // A transcript that ends idle or terminated has nothing more to follow until someone sends a message.
    const result = end ? { view, end } : await followSession(context, sessionId, lastId, true);
    if (!context.json) context.out.line(endingLine(sessionId, result));
    return exitCodeOf(result);
  },
};

export const sessionCommands: Command[] = [list, show, events];

// Turns a session's recorded events into the Messages API conversation the next model call continues.
import type Anthropic from "@anthropic-ai/sdk";
import { graderFeedbackText, outcomeDefinitionText } from "../outcomes/outcome-messages";
import { mcpOfferedName } from "../schemas/mcp-servers";
import { eventTypes, isEventOf, type SessionEvent, type SessionEventOf } from "../schemas/recorded-events";
import type { ShownText } from "../tools/web-url-sources";

type MessageParam = Anthropic.MessageParam;
type ContentBlockParam = Anthropic.ContentBlockParam;

const INTERRUPTED_RESULT = "The user interrupted the session before this tool returned a result.";

/**
 * The tool call a result answers: an `agent.tool_use` Lucid ran (or refused: a denied call) or a self-hosted
 * environment's worker ran (`user.tool_result`), or an `agent.custom_tool_use` the client ran.
 */
function answeredToolUse(event: SessionEvent): string | null {
  if (event.type === "agent.tool_result" || event.type === "user.tool_result") return event.tool_use_id;
  if (event.type === "user.custom_tool_result") return event.custom_tool_use_id;
  if (event.type === "agent.mcp_tool_result") return event.mcp_tool_use_id;
  return null;
}

const TOOL_USES = eventTypes("agent.tool_use", "agent.mcp_tool_use", "agent.custom_tool_use");

/** A call Lucid runs (a built-in tool, or an MCP server's tool through Lucid as the MCP client), under its permission policy. */
export type RunnableToolUse = SessionEventOf<"agent.tool_use" | "agent.mcp_tool_use">;

/** Tool calls still waiting for their result (an interrupt answers them all). */
function pendingToolUses(events: readonly SessionEvent[]): SessionEventOf<(typeof TOOL_USES)[number]>[] {
  const pending = new Map<string, SessionEventOf<(typeof TOOL_USES)[number]>>();
  for (const event of events) {
    if (isEventOf(event, TOOL_USES)) pending.set(event.id, event);
    const answered = answeredToolUse(event);
    if (answered) pending.delete(answered);
    if (event.type === "user.interrupt") pending.clear();
  }
  return [...pending.values()];
}

/** Custom tool calls still waiting for a `user.custom_tool_result` from the client. */
export function pendingCustomToolUses(events: readonly SessionEvent[]): string[] {
  return pendingToolUses(events)
    .filter((event) => event.type === "agent.custom_tool_use")
    .map((event) => event.id);
}

/** Tool calls the user has confirmed or denied (`user.tool_confirmation`). */
const confirmedIds = (events: readonly SessionEvent[]) =>
  new Set(events.flatMap((event) => (event.type === "user.tool_confirmation" ? [event.tool_use_id] : [])));

/** Recorded runnable calls not answered yet, split by whether their permission policy still holds them (`always_ask`). */
function pendingRunnable(events: readonly SessionEvent[], held: boolean): RunnableToolUse[] {
  const confirmed = confirmedIds(events);
  return pendingToolUses(events).filter(
    (event): event is RunnableToolUse => event.type !== "agent.custom_tool_use" && (event.evaluated_permission === "ask" && !confirmed.has(event.id)) === held,
  );
}

/** Calls (built-in or MCP) held by their permission policy (`always_ask`) that no `user.tool_confirmation` answered yet. */
export const unconfirmedToolUses = (events: readonly SessionEvent[]) => pendingRunnable(events, true);

/** Calls (built-in or MCP) free to run and not yet answered: a step died before running them, or a worker has them. */
export const pendingRunnableToolUses = (events: readonly SessionEvent[]) => pendingRunnable(events, false);

/** Built-in tool calls free to run and not yet answered (a self-hosted environment's worker answers some of them). */
export const pendingBuiltinToolUses = (events: readonly SessionEvent[]) =>
  pendingRunnableToolUses(events).filter((event): event is SessionEventOf<"agent.tool_use"> => event.type === "agent.tool_use");

/** What the session waits for from its client (`requires_action`): custom tool results and tool confirmations. */
export function blockingEventIds(events: readonly SessionEvent[]): string[] {
  return [...pendingCustomToolUses(events), ...unconfirmedToolUses(events).map((event) => event.id)];
}

/**
 * Builds the alternating user/assistant messages. Tool use ids are the events' ids, so a custom tool
 * result names the same id the model saw; calls left unanswered by an interrupt get an error result.
 */
export function buildMessages(events: readonly SessionEvent[]): MessageParam[] {
  const messages: MessageParam[] = [];
  const unanswered = new Set<string>();
  const maxIterations = new Map<string, number>();
  const push = (role: "user" | "assistant", blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = messages[messages.length - 1];
    if (last && last.role === role) (last.content as ContentBlockParam[]).push(...blocks);
    else messages.push({ role, content: [...blocks] });
  };
  for (const event of events) {
    switch (event.type) {
      case "user.message":
        push("user", event.content as unknown as ContentBlockParam[]);
        break;
      case "agent.message":
        push("assistant", event.content as unknown as ContentBlockParam[]);
        break;
      case "agent.custom_tool_use":
      case "agent.tool_use":
        unanswered.add(event.id);
        push("assistant", [{ type: "tool_use", id: event.id, name: event.name, input: event.input }]);
        break;
      case "agent.mcp_tool_use":
        unanswered.add(event.id);
        push("assistant", [{ type: "tool_use", id: event.id, name: mcpOfferedName(event.mcp_server_name, event.name), input: event.input }]);
        break;
      case "user.custom_tool_result":
      case "user.tool_result":
      case "agent.tool_result":
      case "agent.mcp_tool_result": {
        const toolUseId = answeredToolUse(event)!;
        unanswered.delete(toolUseId);
        push("user", [
          {
            type: "tool_result",
            tool_use_id: toolUseId,
            content: event.content as unknown as Anthropic.ToolResultBlockParam["content"],
            is_error: event.is_error,
          },
        ]);
        break;
      }
      case "user.define_outcome":
        maxIterations.set(event.outcome_id, event.max_iterations);
        push("user", [{ type: "text", text: outcomeDefinitionText(event.description, event.rubric.content) }]);
        break;
      case "span.outcome_evaluation_end": {
        const feedback = graderFeedbackText(event, maxIterations.get(event.outcome_id) ?? event.iteration + 1);
        if (feedback) push("user", [{ type: "text", text: feedback }]);
        break;
      }
      case "user.interrupt":
        push(
          "user",
          [...unanswered].map((id) => ({ type: "tool_result" as const, tool_use_id: id, content: INTERRUPTED_RESULT, is_error: true })),
        );
        unanswered.clear();
        break;
    }
  }
  return messages;
}

/** The texts the model was shown, by source: user messages, custom tools' results, and web tools' results (web_fetch's url_sources). */
export function shownTextsOf(events: readonly SessionEvent[]): ShownText[] {
  const calls = new Map<string, string>();
  const shown: ShownText[] = [];
  for (const event of events) {
    if (event.type === "agent.custom_tool_use" || event.type === "agent.tool_use") calls.set(event.id, event.name);
    if (event.type === "user.message") shown.push({ source: "user_input", tool: null, text: textOf(event.content) });
    if (event.type === "user.custom_tool_result")
      shown.push({ source: "client_tool_results", tool: calls.get(event.custom_tool_use_id) ?? null, text: textOf(event.content) });
    if (event.type === "agent.tool_result") {
      const tool = calls.get(event.tool_use_id) ?? null;
      if (tool === "web_fetch" || tool === "web_search") shown.push({ source: "server_tool_results", tool, text: textOf(event.content) });
    }
  }
  return shown;
}

const textOf = (content: readonly { type: string; text?: string }[] | undefined) =>
  (content ?? []).flatMap((block) => (block.type === "text" && block.text ? [block.text] : [])).join("\n");

/** True when the conversation ends with input the agent has not answered yet. */
export function awaitsAgent(messages: readonly MessageParam[]): boolean {
  return messages[messages.length - 1]?.role === "user";
}

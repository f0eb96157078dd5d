// Turns a session's recorded events into the Messages API conversation the next model call continues.
import type Anthropic from "@anthropic-ai/sdk";
import type { SessionEvent } from "../schemas/session-event";

type MessageParam = Anthropic.MessageParam;
type ContentBlockParam = Anthropic.ContentBlockParam;

const INTERRUPTED_RESULT = "The user interrupted the session before this tool returned a result.";

/** Custom tool calls still waiting for a `user.custom_tool_result` (an interrupt answers them all). */
export function pendingCustomToolUses(events: readonly SessionEvent[]): string[] {
  const pending = new Set<string>();
  for (const event of events) {
    if (event.type === "agent.custom_tool_use") pending.add(event.id);
    if (event.type === "user.custom_tool_result") pending.delete(String(event.custom_tool_use_id));
    if (event.type === "user.interrupt") pending.clear();
  }
  return [...pending];
}

/**
 * Builds the alternating user/assistant messages. Tool use ids are the events' ids, so a custom tool
 * result names the same id the model saw; calls left unanswered by an interrupt get an error result.
 */
export function buildMessages(events: readonly SessionEvent[]): MessageParam[] {
  const messages: MessageParam[] = [];
  const unanswered = new Set<string>();
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
        unanswered.add(event.id);
        push("assistant", [{ type: "tool_use", id: event.id, name: String(event.name), input: event.input ?? {} }]);
        break;
      case "user.custom_tool_result": {
        const toolUseId = String(event.custom_tool_use_id);
        unanswered.delete(toolUseId);
        push("user", [
          {
            type: "tool_result",
            tool_use_id: toolUseId,
            content: (event.content as unknown as Anthropic.ToolResultBlockParam["content"]) ?? [],
            is_error: event.is_error === true,
          },
        ]);
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

/** True when the conversation ends with input the agent has not answered yet. */
export function awaitsAgent(messages: readonly MessageParam[]): boolean {
  return messages[messages.length - 1]?.role === "user";
}

// Composes the complete assistant Message for a message reply: ids, stop reason, usage, and the max_tokens limit.
import type { Message, TextBlock, ToolUseBlock, Usage } from "@anthropic-ai/sdk/resources/messages";
import type { ScriptedBlock, SimMessageReply } from "./reply-schema";
import type { MessagesRequest } from "./request-schema";
import { simId } from "./sim-ids";
import { CHARS_PER_TOKEN, estimateOutputTokens, type InputUsage, outputChars } from "./usage-estimate";

/** A Message whose content is what the simulator produces: text and tool calls. */
export type SimMessage = Omit<Message, "content"> & { content: Array<TextBlock | ToolUseBlock> };

export function composeMessage(reply: SimMessageReply, request: MessagesRequest, input: InputUsage): SimMessage {
  const { content, truncated } = fitToMaxTokens(reply.content, request.max_tokens);
  const inferredStop = content.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn";
  return {
    id: simId("msg"),
    type: "message",
    role: "assistant",
    model: request.model,
    content: content.map(toContentBlock),
    stop_reason: truncated ? "max_tokens" : (reply.stop_reason ?? inferredStop),
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: fullUsage({ ...input, output_tokens: truncated ? request.max_tokens : estimateOutputTokens(content), ...reply.usage }),
  };
}

/**
 * A reply longer than max_tokens (four characters a token) is cut: text at the limit, a tool call that does not fit dropped,
 * and nothing after; `truncated` then makes the stop reason `max_tokens`, as a real model stops mid-answer.
 */
function fitToMaxTokens(content: ScriptedBlock[], maxTokens: number): { content: ScriptedBlock[]; truncated: boolean } {
  if (estimateOutputTokens(content) <= maxTokens) return { content, truncated: false };
  let charsLeft = maxTokens * CHARS_PER_TOKEN;
  const kept: ScriptedBlock[] = [];
  for (const block of content) {
    const chars = outputChars(block);
    if (chars > charsLeft) {
      if (block.type === "text" && charsLeft > 0) kept.push({ ...block, text: block.text.slice(0, charsLeft) });
      break;
    }
    kept.push(block);
    charsLeft -= chars;
  }
  return { content: kept, truncated: true };
}

function toContentBlock(block: ScriptedBlock): TextBlock | ToolUseBlock {
  if (block.type === "text") return { type: "text", text: block.text, citations: null };
  return { type: "tool_use", id: block.id ?? simId("toolu"), name: block.name, input: block.input, caller: { type: "direct" } };
}

function fullUsage(usage: InputUsage & { output_tokens: number }): Usage {
  return {
    ...usage,
    cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: "standard",
    speed: null,
  };
}

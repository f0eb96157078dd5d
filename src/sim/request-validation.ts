// Validates a request body the way the Messages API does: the schema, then the rules that tie messages and tools together.
import type { z } from "zod";
import { blocksOf, type CountTokensRequest, isBlock, type MessageParam } from "./request-schema";

type Validation<T> = { success: true; data: T } | { success: false; message: string };

/** Parses `body` with `schema`, then applies the cross-field rules; messages read like the real API's (`path: problem`). */
export function validateRequest<T extends CountTokensRequest>(schema: z.ZodType<T>, body: unknown): Validation<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { success: false, message: describeIssues(parsed.error) };
  const broken = firstBrokenRule(parsed.data);
  return broken ? { success: false, message: broken } : { success: true, data: parsed.data };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

function firstBrokenRule(request: CountTokensRequest): string | null {
  const names = (request.tools ?? []).map((tool) => tool.name);
  if (new Set(names).size !== names.length) return "tools: Tool names must be unique.";
  const choice = request.tool_choice;
  if ((choice?.type === "any" || choice?.type === "tool") && names.length === 0) {
    return `tool_choice: a tool_choice of type '${choice.type}' requires tools.`;
  }
  if (choice?.type === "tool" && !names.includes(choice.name)) return `tool_choice.name: Tool '${choice.name}' not found in tools.`;
  if (request.messages[0]?.role !== "user") return 'messages: first message must use the "user" role';
  for (const index of request.messages.keys()) {
    const broken = unansweredToolUse(request.messages, index) ?? strayToolResult(request.messages, index);
    if (broken) return broken;
  }
  return null;
}

const toolUseIds = (message: MessageParam | undefined) => blocksOf(message).flatMap((block) => (isBlock(block, "tool_use") ? [block.id] : []));

/** Every tool_use of an assistant message must be answered by a tool_result in the very next message. */
function unansweredToolUse(messages: MessageParam[], index: number): string | null {
  const message = messages[index];
  if (message?.role !== "assistant") return null;
  const next = messages[index + 1];
  const answered = next?.role === "user" ? blocksOf(next).flatMap((block) => (isBlock(block, "tool_result") ? [block.tool_use_id] : [])) : [];
  const missing = toolUseIds(message).filter((id) => !answered.includes(id));
  if (missing.length === 0) return null;
  return (
    `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. ` +
    "Each `tool_use` block must have a corresponding `tool_result` block in the next message."
  );
}

/** Every tool_result must answer a tool_use of the assistant message just before it. */
function strayToolResult(messages: MessageParam[], index: number): string | null {
  const previous = messages[index - 1];
  const asked = previous?.role === "assistant" ? toolUseIds(previous) : [];
  const [stray] = blocksOf(messages[index]).flatMap((block, position) =>
    isBlock(block, "tool_result") && !asked.includes(block.tool_use_id) ? [{ position, id: block.tool_use_id }] : [],
  );
  if (!stray) return null;
  return (
    `messages.${index}.content.${stray.position}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.id}. ` +
    "Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
  );
}

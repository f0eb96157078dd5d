// What the simulator answers when no reply is scripted: a pure, deterministic function of the request (see README.md).
import { benchReply } from "./bench-policy";
import { coordinatorReply } from "./coordinator-policy";
import type { SimMessageReply } from "./reply-schema";
import { blocksOf, type ContentBlock, isBlock, type MessagesRequest, type Tool, type ToolResultBlock } from "./request-schema";
import { structuredToolInput } from "./structured-answers";
import { synthesiseToolInput } from "./tool-input-synthesis";

const QUOTE_LIMIT = 200;

export function defaultReply(request: MessagesRequest): SimMessageReply {
  const bench = benchReply(request);
  if (bench) return bench;
  const coordinating = coordinatorReply(request);
  if (coordinating) return coordinating;
  const lastUserIndex = request.messages.findLastIndex((message) => message.role === "user");
  const lastUser = request.messages[lastUserIndex];
  const userText = typeof lastUser?.content === "string" ? lastUser.content : textOf(lastUser?.content ?? []);
  const results = blocksOf(lastUser).flatMap((block) => (isBlock(block, "tool_result") ? [block] : []));
  const tool = toolToCall(request, userText, results.length > 0);
  if (tool) {
    const structured = request.tool_choice?.type === "tool" ? structuredToolInput(tool.name, userText) : undefined;
    return { type: "message", content: [{ type: "tool_use", name: tool.name, input: structured ?? synthesiseToolInput(tool.input_schema, userText) }] };
  }
  if (results.length > 0) {
    const names = toolNamesById(blocksOf(request.messages[lastUserIndex - 1]));
    return textReply(results.map((result) => describeToolResult(result, names)).join("\n"));
  }
  return textReply(`Simulated reply to: "${userText.slice(0, QUOTE_LIMIT)}"`);
}

/**
 * A forced tool_choice (`tool`, or `any`: the tool the text names, else the first) always calls a tool, as the real API must.
 * Otherwise a tool is called when the user text names it as a whole word, unless the turn answers tool results.
 */
function toolToCall(request: MessagesRequest, userText: string, answersToolResults: boolean): Tool | undefined {
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (choice?.type === "tool") return tools.find((tool) => tool.name === choice.name);
  const named = tools.find((tool) => namesTool(userText, tool.name));
  if (choice?.type === "any") return named ?? tools[0];
  if (choice?.type === "none" || answersToolResults) return undefined;
  return named;
}

/**
 * Tool names are validated to `[a-zA-Z0-9_-]`, so they go into the pattern as they are; `_` and `-` count as word
 * characters. An MCP tool, offered as `<server>__<tool>`, is also named by its tool part, as its server names it.
 */
const namesTool = (text: string, name: string) => [name, name.split("__").slice(1).join("__")].some((word) => word !== "" && namesWord(text, word));
const namesWord = (text: string, word: string) => new RegExp(`(?<![A-Za-z0-9_-])${word}(?![A-Za-z0-9_-])`, "i").test(text);

function toolNamesById(assistantBlocks: ContentBlock[]): Map<string, string> {
  return new Map(assistantBlocks.flatMap((block) => (isBlock(block, "tool_use") ? [[block.id, block.name] as const] : [])));
}

function describeToolResult(result: ToolResultBlock, names: Map<string, string>): string {
  const text = typeof result.content === "string" ? result.content : textOf(result.content ?? []);
  const outcome = result.is_error ? "failed with" : "returned";
  return `Simulated reply: the tool \`${names.get(result.tool_use_id)}\` ${outcome}: ${text.slice(0, QUOTE_LIMIT) || "(no content)"}.`;
}

function textOf(blocks: ContentBlock[]): string {
  return blocks.flatMap((block) => (isBlock(block, "text") ? [block.text] : [])).join("\n");
}

const textReply = (text: string): SimMessageReply => ({ type: "message", content: [{ type: "text", text }] });

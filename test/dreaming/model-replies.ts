// Model replies as parsers receive them, for testing parsers without a model.
import type Anthropic from "@anthropic-ai/sdk";

export const toolReply = (name: string, input: unknown): Anthropic.Message =>
  ({ content: [{ type: "tool_use", id: "toolu_1", name, input, caller: { type: "direct" } }], stop_reason: "tool_use" }) as Anthropic.Message;

export const textOnlyReply = (text: string): Anthropic.Message =>
  ({ content: [{ type: "text", text, citations: null }], stop_reason: "end_turn" }) as Anthropic.Message;

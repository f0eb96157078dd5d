// Forced tool calls, how every structured model call of dreaming and reflection returns JSON: declaring the tool, reading its validated input.
import type Anthropic from "@anthropic-ai/sdk";
import type { z } from "zod";
import { toolInputSchema } from "./tool-input-schema";

/** The reply of a model call, as far as parsing needs it. */
export type ModelReply = Pick<Anthropic.Message, "content" | "stop_reason">;

const ISSUES_SHOWN = 5;

/** The reply had no call of the forced tool, or its input failed validation; callers retry once, then fail the phase. */
export class InvalidModelOutputError extends Error {
  override readonly name = "InvalidModelOutputError";

  constructor(
    readonly tool: string,
    readonly reason: string,
  ) {
    super(`The model's ${tool} call was unusable: ${reason}`);
  }
}

/** The `tools` and `tool_choice` of a request that must answer by calling `name` with input matching `input`. */
export function forcedTool(name: string, description: string, input: z.ZodObject): Pick<Anthropic.MessageCreateParamsNonStreaming, "tools" | "tool_choice"> {
  return { tools: [{ name, description, input_schema: toolInputSchema(input) }], tool_choice: { type: "tool", name } };
}

/** The validated input of the reply's call of `tool`; throws InvalidModelOutputError saying what was wrong. */
export function readForcedToolInput<T extends z.ZodType>(reply: ModelReply, tool: string, schema: T): z.infer<T> {
  const call = reply.content.find((block) => block.type === "tool_use" && block.name === tool);
  if (call?.type !== "tool_use") {
    const why = reply.stop_reason === "max_tokens" ? "the reply was cut off at max_tokens before the tool call" : `the reply has no ${tool} call`;
    throw new InvalidModelOutputError(tool, why);
  }
  const parsed = schema.safeParse(call.input);
  if (!parsed.success) throw new InvalidModelOutputError(tool, describeIssues(parsed.error));
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, ISSUES_SHOWN).map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

// The JSON Schema of a tool's input for the Messages API, derived from the zod schema that also validates the input.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";

/** Without the `$schema` key, which the Messages API does not need. */
export function toolInputSchema(input: z.ZodObject): Anthropic.Tool.InputSchema {
  const jsonSchema: Record<string, unknown> = { ...z.toJSONSchema(input, { io: "input" }) };
  delete jsonSchema.$schema;
  return { ...jsonSchema, type: "object" };
}

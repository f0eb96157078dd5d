// The Messages API request body as the simulator checks it: strict where client bugs hide, lenient about the rest.
import { z } from "zod";

const CacheControl = z.looseObject({ type: z.literal("ephemeral"), ttl: z.enum(["5m", "1h"]).optional() }).nullish();
const MediaSource = z.looseObject({ type: z.string() });

const TextBlock = z.looseObject({ type: z.literal("text"), text: z.string(), cache_control: CacheControl });

const ImageBlock = z.looseObject({ type: z.literal("image"), source: MediaSource, cache_control: CacheControl });
const DocumentBlock = z.looseObject({ type: z.literal("document"), source: MediaSource, cache_control: CacheControl });

const ToolUseBlock = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: CacheControl,
});

/** A block of a type listed in `known` must match its schema; other types (thinking, server tools…) pass as they are. */
function lenientBlock(known: Record<string, z.ZodType>) {
  return z.looseObject({ type: z.string() }).superRefine((block, ctx) => {
    const issues = known[block.type]?.safeParse(block).error?.issues ?? [];
    for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
}

const ToolResultContentBlock = lenientBlock({ text: TextBlock, image: ImageBlock, document: DocumentBlock });

export const ToolResultBlock = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(ToolResultContentBlock)], { error: "Input should be a valid string or a list of content blocks" }).optional(),
  is_error: z.boolean().optional(),
  cache_control: CacheControl,
});
export type ToolResultBlock = z.infer<typeof ToolResultBlock>;

const KNOWN_BLOCKS = { text: TextBlock, image: ImageBlock, document: DocumentBlock, tool_use: ToolUseBlock, tool_result: ToolResultBlock };
type KnownBlocks = { [T in keyof typeof KNOWN_BLOCKS]: z.infer<(typeof KNOWN_BLOCKS)[T]> };

export const ContentBlock = lenientBlock(KNOWN_BLOCKS);
export type ContentBlock = z.infer<typeof ContentBlock>;

/** Narrows a validated block: validation guarantees that a block of a known type matches that type's schema. */
export function isBlock<T extends keyof KnownBlocks>(block: ContentBlock, type: T): block is ContentBlock & KnownBlocks[T] {
  return block.type === type;
}

export const MessageParam = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(ContentBlock)], { error: "Input should be a valid string or a list of content blocks" }),
});
export type MessageParam = z.infer<typeof MessageParam>;

/** The blocks of a message; a string content has none. */
export const blocksOf = (message: MessageParam | undefined): ContentBlock[] => (typeof message?.content === "string" ? [] : (message?.content ?? []));

const PropertySchema = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  enum: z.array(z.unknown()).optional(),
});

export const InputSchema = z.looseObject({
  type: z.literal("object"),
  properties: z.record(z.string(), PropertySchema).nullish(),
  required: z.array(z.string()).nullish(),
});
export type InputSchema = z.infer<typeof InputSchema>;

/** Custom tools only: the simulator cannot stand in for server tools (web search, code execution…). */
export const Tool = z.looseObject({
  type: z.literal("custom").optional(),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, "Tool names must match ^[a-zA-Z0-9_-]{1,128}$"),
  description: z.string().optional(),
  input_schema: InputSchema,
  cache_control: CacheControl,
});
export type Tool = z.infer<typeof Tool>;

const parallelOption = { disable_parallel_tool_use: z.boolean().optional() };
const ToolChoice = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auto"), ...parallelOption }),
  z.object({ type: z.literal("any"), ...parallelOption }),
  z.object({ type: z.literal("tool"), name: z.string().min(1), ...parallelOption }),
  z.object({ type: z.literal("none") }),
]);

/** What a prompt is made of, shared by `POST /v1/messages` and `POST /v1/messages/count_tokens`. */
const promptFields = {
  model: z.string().min(1),
  messages: z.array(MessageParam).min(1, "at least one message is required"),
  system: z.union([z.string(), z.array(TextBlock)], { error: "Input should be a valid string or a list of text blocks" }).optional(),
  tools: z.array(Tool).optional(),
  tool_choice: ToolChoice.optional(),
};

export const CountTokensRequest = z.looseObject(promptFields);
export type CountTokensRequest = z.infer<typeof CountTokensRequest>;

export const MessagesRequest = z.looseObject({
  ...promptFields,
  max_tokens: z.number().int().positive(),
  stream: z.boolean().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
});
export type MessagesRequest = z.infer<typeof MessagesRequest>;

// Session events: what clients may send (user.*) and what the transcript records, as the Managed Agents API types them.
import { z } from "zod";
import { Json, refusedVariant } from "./common";
import { MAX_CONTENT_BLOCKS, MAX_EVENTS_PER_SEND, MAX_LIST_FILTER_VALUES, MAX_TEXT_BLOCK_CHARS, MAX_TOOL_RESULT_CHARS } from "./limits";
import { DefineOutcomeParam } from "./outcome";

const TextBlock = z.strictObject({
  type: z.literal("text"),
  text: z.string().min(1).max(MAX_TEXT_BLOCK_CHARS, `a text block holds at most ${MAX_TEXT_BLOCK_CHARS} characters`),
});
/** Images and documents pass through to the model as the Messages API defines them. */
const MediaBlock = z
  .object({ type: z.enum(["image", "document"]), source: z.object({ type: z.string() }).catchall(Json) })
  .catchall(Json);
export const ContentBlock = z.union([TextBlock, MediaBlock]);
export type ContentBlock = z.infer<typeof ContentBlock>;

const TooManyBlocks = `at most ${MAX_CONTENT_BLOCKS} content blocks are allowed`;

export const UserMessageParam = z.strictObject({
  type: z.literal("user.message"),
  content: z.array(ContentBlock).min(1).max(MAX_CONTENT_BLOCKS, TooManyBlocks),
});

export const UserInterruptParam = z.strictObject({
  type: z.literal("user.interrupt"),
  session_thread_id: z.null().optional(),
});

export const UserCustomToolResultParam = z.strictObject({
  type: z.literal("user.custom_tool_result"),
  custom_tool_use_id: z.string().min(1),
  content: z
    .array(ContentBlock)
    .max(MAX_CONTENT_BLOCKS, TooManyBlocks)
    .refine((blocks) => textLength(blocks) <= MAX_TOOL_RESULT_CHARS, `a tool result holds at most ${MAX_TOOL_RESULT_CHARS} characters of text`)
    .optional(),
  is_error: z.boolean().nullish(),
});

function textLength(blocks: ContentBlock[]): number {
  return blocks.reduce((total, block) => total + (block.type === "text" ? block.text.length : 0), 0);
}

const NotYet = <T extends string>(type: T, why: string) => refusedVariant(type, `${type} events are not supported by Lucid yet: ${why}`);

export const EventParam = z.union([
  UserMessageParam,
  UserInterruptParam,
  UserCustomToolResultParam,
  DefineOutcomeParam,
  NotYet("user.tool_confirmation", "Lucid has no permission-gated built-in tools yet"),
  NotYet("user.tool_result", "Lucid has no client-executed built-in tools yet"),
  NotYet("system.message", "system messages are not accepted"),
]);
export type EventParam = z.infer<typeof EventParam>;

export const EventSend = z.strictObject({
  events: z.array(EventParam).min(1).max(MAX_EVENTS_PER_SEND, `at most ${MAX_EVENTS_PER_SEND} events can be sent at once`),
});

export const InitialEvent = z.union([UserMessageParam, DefineOutcomeParam]);
export type InitialEvent = z.infer<typeof InitialEvent>;

/** A recorded event: its id, type and time plus the type's own fields. */
export const SessionEvent = z
  .object({
    id: z.string(),
    type: z.string(),
    processed_at: z.string().nullable(),
  })
  .catchall(Json);
export type SessionEvent = z.infer<typeof SessionEvent>;

export const EventListQuery = z.object({
  order: z.enum(["asc", "desc"]).default("asc"),
  types: z.array(z.string()).max(MAX_LIST_FILTER_VALUES, `at most ${MAX_LIST_FILTER_VALUES} types can be given`).optional(),
});

export type StopReason =
  | { type: "end_turn" }
  | { type: "requires_action"; event_ids: string[] }
  | { type: "retries_exhausted" };

// Session events: what clients may send (user.*) and what the transcript records, as the Managed Agents API types them.
import { z } from "zod";
import { FreeText, Json, LineText, refusedVariant } from "./common";
import { MAX_CONTENT_BLOCKS, MAX_EVENTS_PER_SEND, MAX_JSON_BODY_BYTES, MAX_LIST_FILTER_VALUES, MAX_TEXT_BLOCK_CHARS, MAX_TOOL_RESULT_CHARS } from "./limits";
import { DefineOutcomeParam, MAX_ITERATIONS_LIMIT } from "./outcome";

const TooLongText = `a text block holds at most ${MAX_TEXT_BLOCK_CHARS} characters`;

/** Text a person writes (a user message): free text, so no NUL, ESC or other controls but tab and line breaks. */
const MessageTextBlock = z.strictObject({ type: z.literal("text"), text: FreeText.min(1).max(MAX_TEXT_BLOCK_CHARS, TooLongText) });
/** Text a program returns (a custom tool's result) is kept as it came, terminal colours included; views escape it. */
const ToolResultTextBlock = z.strictObject({ type: z.literal("text"), text: z.string().min(1).max(MAX_TEXT_BLOCK_CHARS, TooLongText) });

/** Base64 as the Messages API takes it: the standard alphabet, padded to a multiple of 4 characters. */
const Base64Data = z
  .string()
  .min(1)
  .superRefine((data, context) => {
    const problem = base64Problem(data);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

function base64Problem(data: string): string | null {
  // A character class without groups: linear on a 1 MiB string, and no backtracking to speak of.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return "must be base64: only A-Z, a-z, 0-9, '+' and '/', then at most two '=' of padding";
  if (data.length % 4 !== 0) return "must be base64 padded with '=' to a multiple of 4 characters";
  return null;
}

/** The image types the Messages API accepts. */
export const IMAGE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;

const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).max(2048);
const NoFilesApi = (what: string) =>
  refusedVariant("file", `${what} given by file_id need the Files API, which Lucid does not have yet; send them as base64 or by URL`);

const ImageSource = z.union([
  z.strictObject({ type: z.literal("base64"), media_type: z.enum(IMAGE_MEDIA_TYPES, `must be one of ${IMAGE_MEDIA_TYPES.join(", ")}`), data: Base64Data }),
  z.strictObject({ type: z.literal("url"), url: HttpUrl }),
  NoFilesApi("images"),
]);

const DocumentSource = z.union([
  z.strictObject({
    type: z.literal("base64"),
    media_type: z.literal("application/pdf", "must be application/pdf (base64 documents are PDFs)"),
    data: Base64Data,
  }),
  z.strictObject({ type: z.literal("text"), media_type: z.literal("text/plain", "must be text/plain"), data: z.string() }),
  z.strictObject({ type: z.literal("url"), url: HttpUrl }),
  NoFilesApi("documents"),
]);

/** Images and documents as the Managed Agents API types them; they pass through to the model as the Messages API defines them. */
const ImageBlock = z.strictObject({ type: z.literal("image"), source: ImageSource });
const DocumentBlock = z.strictObject({
  type: z.literal("document"),
  source: DocumentSource,
  title: LineText.max(500).nullish(),
  context: FreeText.max(MAX_TEXT_BLOCK_CHARS, TooLongText).nullish(),
});

const MessageContentBlock = z.union([MessageTextBlock, ImageBlock, DocumentBlock]);
const ToolResultContentBlock = z.union([ToolResultTextBlock, ImageBlock, DocumentBlock]);
export type ContentBlock = z.infer<typeof ToolResultContentBlock>;

const TooManyBlocks = `at most ${MAX_CONTENT_BLOCKS} content blocks are allowed`;

export const UserMessageParam = z.strictObject({
  type: z.literal("user.message"),
  content: z.array(MessageContentBlock).min(1).max(MAX_CONTENT_BLOCKS, TooManyBlocks),
});

export const UserInterruptParam = z.strictObject({
  type: z.literal("user.interrupt"),
  session_thread_id: z.null().optional(),
});

export const UserCustomToolResultParam = z.strictObject({
  type: z.literal("user.custom_tool_result"),
  custom_tool_use_id: z.string().min(1),
  content: z
    .array(ToolResultContentBlock)
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

const Recorded = { id: z.string().min(1).max(256), processed_at: z.string().nullable() };

/**
 * A recorded event as an agent archive carries it back: what people send (user events) held to the rules it was sent
 * under, and no event, whoever wrote it, larger than a request body may be.
 */
export const RecordedEvent = z
  .union([
    UserMessageParam.extend(Recorded),
    UserCustomToolResultParam.extend({ ...Recorded, is_error: z.boolean() }),
    DefineOutcomeParam.extend({ ...Recorded, outcome_id: z.string().min(1).max(256), max_iterations: z.number().int().min(1).max(MAX_ITERATIONS_LIMIT) }),
    UserInterruptParam.extend(Recorded),
    SessionEvent.refine((event) => !event.type.startsWith("user."), { path: ["type"], message: "is not an event type Lucid records" }),
  ])
  .refine((event) => JSON.stringify(event).length <= MAX_JSON_BODY_BYTES, `an event holds at most ${MAX_JSON_BODY_BYTES} characters of JSON`);

export const EventListQuery = z.object({
  order: z.enum(["asc", "desc"]).default("asc"),
  types: z.array(z.string()).max(MAX_LIST_FILTER_VALUES, `at most ${MAX_LIST_FILTER_VALUES} types can be given`).optional(),
});

export type StopReason = { type: "end_turn" } | { type: "requires_action"; event_ids: string[] } | { type: "retries_exhausted" };

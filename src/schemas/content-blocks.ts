// Content blocks as the Managed Agents API types them: what a user message and a tool result may carry, held to the
// rules they are sent under (and, for events an archive carries back, recorded under).
import { z } from "zod";
import { FreeText, LineText, refusedVariant } from "./common";
import { MAX_CONTENT_BLOCKS, MAX_TEXT_BLOCK_CHARS, MAX_TOOL_RESULT_CHARS } from "./limits";

const TooLongText = `a text block holds at most ${MAX_TEXT_BLOCK_CHARS} characters`;
const TooManyBlocks = `at most ${MAX_CONTENT_BLOCKS} content blocks are allowed`;

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
const IMAGE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;

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

/** A user message's content: at least one block. */
export const MessageContent = z.array(MessageContentBlock).min(1).max(MAX_CONTENT_BLOCKS, TooManyBlocks);

/** A custom tool's result, as its client returns it: possibly no block at all. */
export const ToolResultContent = z
  .array(ToolResultContentBlock)
  .max(MAX_CONTENT_BLOCKS, TooManyBlocks)
  .refine((blocks) => textLength(blocks) <= MAX_TOOL_RESULT_CHARS, `a tool result holds at most ${MAX_TOOL_RESULT_CHARS} characters of text`);

function textLength(blocks: ContentBlock[]): number {
  return blocks.reduce((total, block) => total + (block.type === "text" ? block.text.length : 0), 0);
}

/** Text Lucid itself writes (the agent's reply, a built-in tool's result, a thread's message): plain text blocks. */
export const TextContent = z.array(z.strictObject({ type: z.literal("text"), text: z.string() }));
export type TextContent = z.infer<typeof TextContent>;

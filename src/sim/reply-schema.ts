// SimReply, what a test scripts the simulator to answer next, and the script that queues replies under a key.
import { z } from "zod";

const delays = {
  /** Wait this long before answering. */
  delay_ms: z.number().int().nonnegative().optional(),
};
const streamDelays = {
  ...delays,
  /** Wait this long between server-sent events, so a reader sees deltas arrive and can interrupt mid-stream. */
  chunk_delay_ms: z.number().int().nonnegative().optional(),
};

export const ScriptedBlock = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("tool_use"), name: z.string().min(1), input: z.record(z.string(), z.unknown()), id: z.string().min(1).optional() }),
]);
export type ScriptedBlock = z.infer<typeof ScriptedBlock>;

const TokenCount = z.number().int().nonnegative();

export const SimMessageReply = z.object({
  type: z.literal("message"),
  content: z.array(ScriptedBlock),
  /** Defaults to `tool_use` when a tool_use block is present, else `end_turn`; `max_tokens` when the reply is truncated. */
  stop_reason: z.enum(["end_turn", "tool_use", "max_tokens", "stop_sequence", "pause_turn", "refusal", "model_context_window_exceeded"]).optional(),
  /** Overrides fields of the estimated usage. */
  usage: z
    .object({ input_tokens: TokenCount, output_tokens: TokenCount, cache_creation_input_tokens: TokenCount, cache_read_input_tokens: TokenCount })
    .partial()
    .optional(),
  ...streamDelays,
});
export type SimMessageReply = z.infer<typeof SimMessageReply>;

export const SimErrorReply = z.object({
  type: z.literal("error"),
  status: z.number().int().min(400).max(599),
  /** Defaults to the type the real API pairs with `status` (see errors.ts). */
  error_type: z.string().min(1).optional(),
  message: z.string().optional(),
  /** Seconds, sent as the `retry-after` header. */
  retry_after: z.number().nonnegative().optional(),
  ...delays,
});
export type SimErrorReply = z.infer<typeof SimErrorReply>;

/** Starts a streamed message, sends `after_text` as deltas, then an `error` event, as the real API does when it fails mid-stream. */
export const SimStreamErrorReply = z.object({
  type: z.literal("stream_error"),
  after_text: z.string().optional(),
  error_type: z.enum(["overloaded_error", "api_error"]).optional(),
  message: z.string().optional(),
  ...streamDelays,
});
export type SimStreamErrorReply = z.infer<typeof SimStreamErrorReply>;

/**
 * Starts a streamed message, sends `after_text` as deltas, then goes silent with the connection open for `stall_ms`
 * before closing it unfinished: a reply that hangs longer than a client's timeout. A non-streaming request gets no
 * response for `stall_ms`, then HTTP 504.
 */
export const SimStreamStallReply = z.object({
  type: z.literal("stream_stall"),
  after_text: z.string().optional(),
  /** How long the connection hangs; 15 minutes by default, longer than any sane client timeout. */
  stall_ms: z.number().int().positive().optional(),
  ...streamDelays,
});
export type SimStreamStallReply = z.infer<typeof SimStreamStallReply>;

/**
 * Starts a streamed message, sends `after_text` as deltas, then a frame whose `data:` line is `data` (not JSON) and
 * nothing after. A non-streaming request gets `data` as its 200 body.
 */
export const SimMalformedSseReply = z.object({
  type: z.literal("malformed_sse"),
  after_text: z.string().optional(),
  data: z.string().min(1).optional(),
  ...streamDelays,
});
export type SimMalformedSseReply = z.infer<typeof SimMalformedSseReply>;

/**
 * Starts a streamed message, sends `after_text` as deltas, then closes the connection: no block end, no
 * `message_delta`, no `message_stop`, no error event. A non-streaming request gets the message's JSON cut in half.
 */
export const SimStreamCutReply = z.object({
  type: z.literal("stream_cut"),
  after_text: z.string().optional(),
  ...streamDelays,
});
export type SimStreamCutReply = z.infer<typeof SimStreamCutReply>;

const isJsonObject = (text: string) => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

/**
 * A complete message (optional `text`, then a call of tool `name`, stop reason `tool_use`) whose `input_json_delta`
 * pieces join to `partial_json`, which is not a JSON object: truncated (`{"path": "/no`, which the SDK's partial parser
 * would silently complete) or garbage. A non-streaming request gets the message JSON with `partial_json` spliced in raw.
 */
export const SimInvalidToolJsonReply = z.object({
  type: z.literal("invalid_tool_json"),
  text: z.string().optional(),
  name: z.string().min(1),
  partial_json: z.string().refine((text) => !isJsonObject(text), "partial_json must not be a valid JSON object"),
  ...streamDelays,
});
export type SimInvalidToolJsonReply = z.infer<typeof SimInvalidToolJsonReply>;

export const SimReply = z.discriminatedUnion("type", [
  SimMessageReply,
  SimErrorReply,
  SimStreamErrorReply,
  SimStreamStallReply,
  SimMalformedSseReply,
  SimStreamCutReply,
  SimInvalidToolJsonReply,
]);
export type SimReply = z.infer<typeof SimReply>;

/** Body of `POST /_sim/scripts`: replies appended to the queue of `key`. */
export const SimScript = z.object({ key: z.string().min(1), replies: z.array(SimReply).min(1) });
export type SimScript = z.infer<typeof SimScript>;

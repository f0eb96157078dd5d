// The server-sent events of a streamed reply, in the order the SDK's MessageStream accumulates them, written with optional delays.
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import type { SimMessage } from "./assistant-message";
import { errorBody } from "./errors";

type StreamEvent = RawMessageStreamEvent | { type: "ping" } | ReturnType<typeof errorBody>;

const JSON_CHUNK_LENGTH = 16;

/** message_start (empty content), ping, start/deltas/stop per block, message_delta (stop reason, usage), message_stop. */
export function messageEvents(message: SimMessage): StreamEvent[] {
  const { usage } = message;
  return [
    { type: "message_start", message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } },
    { type: "ping" },
    ...message.content.flatMap((block, index) => blockEvents(block, index)),
    {
      type: "message_delta",
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: null, container: null },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
        output_tokens_details: null,
        server_tool_use: null,
      },
    },
    { type: "message_stop" },
  ];
}

/** Text goes out a word at a time; tool input as its JSON in short slices, which the SDK reassembles. */
function blockEvents(block: SimMessage["content"][number], index: number): StreamEvent[] {
  const deltas: StreamEvent[] =
    block.type === "text"
      ? (block.text.match(/\S+\s*|\s+/g) ?? []).map((text) => ({ type: "content_block_delta", index, delta: { type: "text_delta", text } }))
      : sliceCodePoints(JSON.stringify(block.input), JSON_CHUNK_LENGTH).map((partial_json) => ({
          type: "content_block_delta",
          index,
          delta: { type: "input_json_delta", partial_json },
        }));
  const start = block.type === "text" ? { ...block, text: "" } : { ...block, input: {} };
  return [{ type: "content_block_start", index, content_block: start }, ...deltas, { type: "content_block_stop", index }];
}

function sliceCodePoints(text: string, length: number): string[] {
  const codePoints = Array.from(text);
  return Array.from({ length: Math.ceil(codePoints.length / length) }, (_, i) => codePoints.slice(i * length, (i + 1) * length).join(""));
}

/** The start of a message's stream that breaks off after its first text: everything before the first block ends. */
export function startedMessageEvents(message: SimMessage): StreamEvent[] {
  const events = messageEvents(message);
  const breakAt = events.findIndex((event) => event.type === "content_block_stop" || event.type === "message_delta");
  return events.slice(0, breakAt);
}

/** The stream of a message that fails after its first text: its start, then an `error` event. */
export function failingMessageEvents(message: SimMessage, errorType: string, errorMessage: string): StreamEvent[] {
  return [...startedMessageEvents(message), errorBody(errorType, errorMessage)];
}

/** One server-sent event: `event: <type>` and `data: <json>`. */
export const sseFrame = (event: StreamEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/** Each event as an SSE frame; `chunkDelayMs` between events lets readers watch them arrive. */
export function eventStreamResponse(events: StreamEvent[], chunkDelayMs = 0): Response {
  return frameStreamResponse(events.map(sseFrame), chunkDelayMs);
}

/** Writes SSE frames as given (a fault may be malformed); with `stallMs` the connection then hangs that long before it closes. */
export function frameStreamResponse(frames: string[], chunkDelayMs = 0, stallMs = 0): Response {
  const encoder = new TextEncoder();
  let next = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const frame = frames[next];
      if (frame === undefined) {
        if (stallMs > 0) await scheduler.wait(stallMs);
        // The client may have given up while the stream hung.
        if (!cancelled) controller.close();
        return;
      }
      if (next > 0 && chunkDelayMs > 0) await scheduler.wait(chunkDelayMs);
      next += 1;
      controller.enqueue(encoder.encode(frame));
    },
    cancel() {
      cancelled = true;
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } });
}

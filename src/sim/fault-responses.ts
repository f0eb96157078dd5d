// The responses of scripted transport and model faults (a hung, malformed or cut stream; a tool call whose input is not JSON), byte for byte.
import { composeMessage, type SimMessage } from "./assistant-message";
import { errorResponse } from "./errors";
import { frameStreamResponse, messageEvents, sseFrame, startedMessageEvents } from "./message-stream";
import type { SimInvalidToolJsonReply, SimMalformedSseReply, SimStreamCutReply, SimStreamStallReply } from "./reply-schema";
import type { MessagesRequest } from "./request-schema";
import type { InputUsage } from "./usage-estimate";

const DEFAULT_STALL_MS = 15 * 60_000;
const DEFAULT_MALFORMED_DATA = '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "unterminated';
/** Stands in for the tool input in a message's JSON until the raw text is spliced in. */
const RAW_INPUT_MARK = "__sim_raw_tool_input__";

type Fault = SimStreamStallReply | SimMalformedSseReply | SimStreamCutReply;

/** The message a fault had begun to send: its `after_text`, if any. */
function startedMessage(reply: Fault, request: MessagesRequest, input: InputUsage): SimMessage {
  return composeMessage({ type: "message", content: reply.after_text ? [{ type: "text", text: reply.after_text }] : [] }, request, input);
}

export function streamStallResponse(reply: SimStreamStallReply, request: MessagesRequest, input: InputUsage): Promise<Response> | Response {
  const stallMs = reply.stall_ms ?? DEFAULT_STALL_MS;
  if (!request.stream) return scheduler.wait(stallMs).then(() => errorResponse(504, "api_error", `Simulated stall: no reply within ${stallMs} ms.`));
  const frames = startedMessageEvents(startedMessage(reply, request, input)).map(sseFrame);
  return frameStreamResponse(frames, reply.chunk_delay_ms, stallMs);
}

export function malformedSseResponse(reply: SimMalformedSseReply, request: MessagesRequest, input: InputUsage): Response {
  const data = reply.data ?? DEFAULT_MALFORMED_DATA;
  if (!request.stream) return new Response(data, { headers: { "content-type": "application/json" } });
  const frames = startedMessageEvents(startedMessage(reply, request, input)).map(sseFrame);
  return frameStreamResponse([...frames, `event: content_block_delta\ndata: ${data}\n\n`], reply.chunk_delay_ms);
}

export function streamCutResponse(reply: SimStreamCutReply, request: MessagesRequest, input: InputUsage): Response {
  const message = startedMessage(reply, request, input);
  if (!request.stream) {
    const json = JSON.stringify(message);
    return new Response(json.slice(0, Math.floor(json.length / 2)), { headers: { "content-type": "application/json" } });
  }
  return frameStreamResponse(startedMessageEvents(message).map(sseFrame), reply.chunk_delay_ms);
}

/** Every frame is well formed; only the tool call's input JSON, joined from its deltas, is not. */
export function invalidToolJsonResponse(reply: SimInvalidToolJsonReply, request: MessagesRequest, input: InputUsage): Response {
  const text = reply.text ? [{ type: "text" as const, text: reply.text }] : [];
  const message = composeMessage({ type: "message", content: [...text, { type: "tool_use", name: reply.name, input: {} }] }, request, input);
  if (!request.stream) {
    const json = JSON.stringify({
      ...message,
      content: message.content.map((block) => (block.type === "tool_use" ? { ...block, input: RAW_INPUT_MARK } : block)),
    });
    return new Response(json.replace(JSON.stringify(RAW_INPUT_MARK), reply.partial_json), { headers: { "content-type": "application/json" } });
  }
  const toolIndex = message.content.length - 1;
  const deltas = jsonSlices(reply.partial_json).map((partial_json) => ({
    type: "content_block_delta" as const,
    index: toolIndex,
    delta: { type: "input_json_delta" as const, partial_json },
  }));
  const events = messageEvents(message).flatMap((event) => {
    if (event.type === "content_block_delta" && event.index === toolIndex) return [];
    return event.type === "content_block_start" && event.index === toolIndex ? [event, ...deltas] : [event];
  });
  return frameStreamResponse(events.map(sseFrame), reply.chunk_delay_ms);
}

/** The raw text in a few pieces, as the API streams tool input. */
function jsonSlices(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

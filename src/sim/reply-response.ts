// Turns the reply chosen for a request into the response the real API would send: a JSON message, an event stream or an error.
import { composeMessage } from "./assistant-message";
import { errorResponse, errorTypeForStatus } from "./errors";
import { invalidToolJsonResponse, malformedSseResponse, streamCutResponse, streamStallResponse } from "./fault-responses";
import { eventStreamResponse, failingMessageEvents, messageEvents } from "./message-stream";
import type { SimErrorReply, SimReply, SimStreamErrorReply } from "./reply-schema";
import type { MessagesRequest } from "./request-schema";
import type { InputUsage } from "./usage-estimate";

const STREAM_ERROR_STATUS = { overloaded_error: 529, api_error: 500 } as const;

export async function replyResponse(reply: SimReply, request: MessagesRequest, input: InputUsage): Promise<Response> {
  if (reply.delay_ms) await scheduler.wait(reply.delay_ms);
  switch (reply.type) {
    case "error":
      return scriptedError(reply);
    case "stream_error":
      return streamError(reply, request, input);
    case "stream_stall":
      return streamStallResponse(reply, request, input);
    case "malformed_sse":
      return malformedSseResponse(reply, request, input);
    case "stream_cut":
      return streamCutResponse(reply, request, input);
    case "invalid_tool_json":
      return invalidToolJsonResponse(reply, request, input);
    case "message": {
      const message = composeMessage(reply, request, input);
      return request.stream ? eventStreamResponse(messageEvents(message), reply.chunk_delay_ms) : Response.json(message);
    }
  }
}

function scriptedError(reply: SimErrorReply): Response {
  const type = reply.error_type ?? errorTypeForStatus(reply.status);
  const headers = reply.retry_after === undefined ? undefined : { "retry-after": String(reply.retry_after) };
  return errorResponse(reply.status, type, reply.message ?? `Simulated ${type} (HTTP ${reply.status}).`, headers);
}

/** Mid-stream failure; a request that did not ask to stream gets the same error as a plain HTTP error instead. */
function streamError(reply: SimStreamErrorReply, request: MessagesRequest, input: InputUsage): Response {
  const type = reply.error_type ?? "overloaded_error";
  const message = reply.message ?? (type === "overloaded_error" ? "Overloaded" : "Internal server error");
  if (!request.stream) return errorResponse(STREAM_ERROR_STATUS[type], type, message);
  const content = reply.after_text ? [{ type: "text" as const, text: reply.after_text }] : [];
  const started = composeMessage({ type: "message", content }, request, input);
  return eventStreamResponse(failingMessageEvents(started, type, message), reply.chunk_delay_ms);
}

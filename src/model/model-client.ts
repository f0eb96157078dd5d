// The one place Lucid talks to a model: the official SDK, against the Anthropic API or the local simulator.
import Anthropic from "@anthropic-ai/sdk";
import { ApiError } from "../platform/errors";
import type { Env } from "../env";
import { fetchRedactingKey } from "./key-redaction";
import { ModelReplyFault } from "./reply-fault";
import { trackToolInputJson } from "./tool-input-json";

const SIMULATOR_ORIGIN = "http://lucid-sim.internal";
const DEFAULT_MODEL_TIMEOUT_MS = 10 * 60_000;

/** How long one model call may take, from sending the request to the reply's last byte (LUCID_MODEL_TIMEOUT_MS). */
export function modelTimeoutMs(env: Pick<Env, "LUCID_MODEL_TIMEOUT_MS">): number {
  const configured = Number(env.LUCID_MODEL_TIMEOUT_MS);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MODEL_TIMEOUT_MS;
}

/**
 * ANTHROPIC_API_KEY selects the real API (ANTHROPIC_BASE_URL any Messages-compatible endpoint);
 * without it, the simulator Worker answers. SDK retries are off: Lucid retries durably from the alarm.
 * The SDK's own timeout only covers the wait for response headers; streamModelReply bounds the whole stream.
 */
export function createModelClient(env: Env): Anthropic {
  const timeout = modelTimeoutMs(env);
  if (env.ANTHROPIC_API_KEY) {
    const fetch = fetchRedactingKey(env.ANTHROPIC_API_KEY);
    return new Anthropic({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL || undefined, maxRetries: 0, timeout, fetch });
  }
  const simulator = env.SIMULATOR;
  if (!simulator) {
    throw new ApiError("api_error", "No model is configured: set ANTHROPIC_API_KEY, or bind the SIMULATOR service for offline use.");
  }
  return new Anthropic({
    apiKey: "simulator",
    baseURL: SIMULATOR_ORIGIN,
    maxRetries: 0,
    timeout,
    fetch: (input, init) => simulator.fetch(input as RequestInfo, init as RequestInit),
  });
}

export interface ModelReplyHandlers {
  /** A text block began at `index` of the reply. */
  onTextStart(index: number): void;
  onTextDelta(index: number, text: string): void;
}

/** The client's timeout over a whole call, as its own timer (cleared when the call ends, so none outlives it). */
function callDeadline(client: Anthropic, signal: AbortSignal | undefined) {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), client.timeout);
  return {
    signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
    timedOut: () => deadline.signal.aborted,
    clear: () => clearTimeout(timer),
  };
}

/**
 * Streams one Messages call, reporting text as it arrives, and resolves with the complete reply. Within the client's
 * timeout, or it throws a ModelReplyFault, as it does for a stream that breaks off or is malformed and for a tool call
 * whose input is not a JSON object; API errors and the caller's abort are thrown as the SDK reports them.
 */
export async function streamModelReply(
  client: Anthropic,
  request: Anthropic.MessageCreateParamsNonStreaming,
  signal: AbortSignal,
  handlers: ModelReplyHandlers,
): Promise<Anthropic.Message> {
  const deadline = callDeadline(client, signal);
  const toolInputs = trackToolInputJson();
  const stream = client.messages.stream(request, { signal: deadline.signal });
  stream.on("streamEvent", (event) => {
    toolInputs.observe(event);
    if (event.type === "content_block_start" && event.content_block.type === "text") handlers.onTextStart(event.index);
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") handlers.onTextDelta(event.index, event.delta.text);
  });
  let reply: Anthropic.Message;
  try {
    reply = await stream.finalMessage();
  } catch (error) {
    throw replyFaultOf(error, {
      aborted: signal.aborted,
      timedOut: deadline.timedOut(),
      timeoutMs: client.timeout,
      invalidToolInput: toolInputs.firstInvalid(),
    });
  } finally {
    deadline.clear();
  }
  const invalid = toolInputs.firstInvalid();
  if (invalid) throw invalidToolInputFault(invalid);
  return reply;
}

/**
 * One Messages call without streaming (the grader, reflection, dream phases), with the same faults as a stream: the
 * whole call bounded by the client's timeout, and a body cut short or not JSON thrown as a ModelReplyFault.
 */
export async function createModelReply(
  client: Anthropic,
  request: Anthropic.MessageCreateParamsNonStreaming,
  signal?: AbortSignal,
): Promise<Anthropic.Message> {
  const deadline = callDeadline(client, signal);
  try {
    return await client.messages.create(request, { signal: deadline.signal });
  } catch (error) {
    throw replyFaultOf(error, { aborted: signal?.aborted ?? false, timedOut: deadline.timedOut(), timeoutMs: client.timeout, invalidToolInput: null });
  } finally {
    deadline.clear();
  }
}

interface FailedStream {
  aborted: boolean;
  timedOut: boolean;
  timeoutMs: number;
  invalidToolInput: { name: string; json: string } | null;
}

/** What a failed call means; the caller's abort and API errors (status or `error` event) stay as they are. */
function replyFaultOf(error: unknown, stream: FailedStream): unknown {
  if (stream.aborted) return error;
  if (stream.timedOut || error instanceof Anthropic.APIConnectionTimeoutError) {
    return new ModelReplyFault("timeout", `The model did not finish its reply within ${stream.timeoutMs} ms.`, { cause: error });
  }
  if (error instanceof Anthropic.APIError) return error;
  // The SDK throws parsing garbage tool input at the end of its block, before Lucid's own check could run.
  if (stream.invalidToolInput) return invalidToolInputFault(stream.invalidToolInput);
  const reason = error instanceof Error ? error.message : String(error);
  return new ModelReplyFault("broken_stream", `The model's reply broke off or was malformed: ${reason}`, { cause: error });
}

function invalidToolInputFault(call: { name: string; json: string }): ModelReplyFault {
  const json = call.json.length > 200 ? `${call.json.slice(0, 200)}…` : call.json;
  return new ModelReplyFault("invalid_tool_input", `The model's call of \`${call.name}\` carried input that is not a JSON object: ${json}`);
}

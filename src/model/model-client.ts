// The one place Lucid talks to a model: the official SDK, against the Anthropic API or the local simulator.
import Anthropic from "@anthropic-ai/sdk";
import { ApiError } from "../api/api-error";
import type { Env } from "../env";

const SIMULATOR_ORIGIN = "http://lucid-sim.internal";

/**
 * ANTHROPIC_API_KEY selects the real API (ANTHROPIC_BASE_URL any Messages-compatible endpoint);
 * without it, the simulator Worker answers. SDK retries are off: Lucid retries durably from the alarm.
 */
export function createModelClient(env: Env): Anthropic {
  if (env.ANTHROPIC_API_KEY) {
    return new Anthropic({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL || undefined, maxRetries: 0 });
  }
  const simulator = env.SIMULATOR;
  if (!simulator) {
    throw new ApiError("api_error", "No model is configured: set ANTHROPIC_API_KEY, or bind the SIMULATOR service for offline use.");
  }
  return new Anthropic({
    apiKey: "simulator",
    baseURL: SIMULATOR_ORIGIN,
    maxRetries: 0,
    fetch: (input, init) => simulator.fetch(input as RequestInfo, init as RequestInit),
  });
}

export interface ModelReplyHandlers {
  /** A text block began at `index` of the reply. */
  onTextStart(index: number): void;
  onTextDelta(index: number, text: string): void;
}

/** Streams one Messages call, reporting text as it arrives, and resolves with the complete reply. */
export async function streamModelReply(
  client: Anthropic,
  request: Anthropic.MessageCreateParamsNonStreaming,
  signal: AbortSignal,
  handlers: ModelReplyHandlers,
): Promise<Anthropic.Message> {
  const stream = client.messages.stream(request, { signal });
  stream.on("streamEvent", (event) => {
    if (event.type === "content_block_start" && event.content_block.type === "text") handlers.onTextStart(event.index);
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") handlers.onTextDelta(event.index, event.delta.text);
  });
  return stream.finalMessage();
}

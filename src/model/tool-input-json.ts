// The raw input JSON of each streamed tool call, checked by Lucid itself: the SDK's partial-JSON parser silently completes a truncated input.
import type Anthropic from "@anthropic-ai/sdk";

export interface StreamedToolInputs {
  observe(event: Anthropic.MessageStreamEvent): void;
  /** The first call whose joined deltas are not a JSON object (no deltas at all means the `{}` the block started with). */
  firstInvalid(): { name: string; json: string } | null;
}

export function trackToolInputJson(): StreamedToolInputs {
  const calls = new Map<number, { name: string; json: string }>();
  return {
    observe(event) {
      if (event.type === "content_block_start" && event.content_block.type === "tool_use") calls.set(event.index, { name: event.content_block.name, json: "" });
      if (event.type === "content_block_delta" && event.delta.type === "input_json_delta") {
        const call = calls.get(event.index);
        if (call) call.json += event.delta.partial_json;
      }
    },
    firstInvalid() {
      return [...calls.values()].find((call) => call.json !== "" && !isJsonObject(call.json)) ?? null;
    },
  };
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

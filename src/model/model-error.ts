// Classifies a failed model call: retry it later, give up now, or stop because the user interrupted.
import Anthropic from "@anthropic-ai/sdk";
import { ModelReplyFault } from "./reply-fault";

export type ModelErrorType = "model_rate_limited_error" | "model_overloaded_error" | "model_request_failed_error" | "unknown_error";

export type ModelFailure =
  | { kind: "aborted" }
  | { kind: "retryable"; type: ModelErrorType; message: string; retryAfterMs: number | null }
  | { kind: "terminal"; type: ModelErrorType; message: string };

export function classifyModelError(error: unknown): ModelFailure {
  if (error instanceof Anthropic.APIUserAbortError) return { kind: "aborted" };
  // A reply that timed out, broke off or carried unusable tool input was never recorded: asking again is safe.
  if (error instanceof ModelReplyFault) return { kind: "retryable", type: "model_request_failed_error", message: error.message, retryAfterMs: null };
  if (error instanceof Anthropic.APIConnectionError) {
    return { kind: "retryable", type: "model_request_failed_error", message: `Could not reach the model: ${error.message}`, retryAfterMs: null };
  }
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    const errorType = (error.error as { error?: { type?: string } } | undefined)?.error?.type;
    const message = `Model request failed${status ? ` (${status})` : ""}: ${error.message}`;
    const retryAfterMs = parseRetryAfter(error.headers);
    if (status === 429) return { kind: "retryable", type: "model_rate_limited_error", message, retryAfterMs };
    // Overload arrives as 529, or mid-stream as an `overloaded_error` event with no status.
    if (status === 529 || errorType === "overloaded_error") return { kind: "retryable", type: "model_overloaded_error", message, retryAfterMs };
    if (status === undefined || status >= 500 || status === 408) {
      return { kind: "retryable", type: "model_request_failed_error", message, retryAfterMs };
    }
    return { kind: "terminal", type: "model_request_failed_error", message };
  }
  return { kind: "terminal", type: "unknown_error", message: error instanceof Error ? error.message : String(error) };
}

function parseRetryAfter(headers: Headers | undefined): number | null {
  const value = headers?.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/model/backoff";
import { classifyModelError } from "../../src/model/model-error";
import { estimateCostMicros } from "../../src/model/pricing";

const apiError = (status: number | undefined, type: string, headers: Record<string, string> = {}) =>
  Anthropic.APIError.generate(status, { type: "error", error: { type, message: type } }, type, new Headers(headers));

describe("classifyModelError", () => {
  it("retries rate limits honouring retry-after, overload and server errors", () => {
    expect(classifyModelError(apiError(429, "rate_limit_error", { "retry-after": "7" }))).toMatchObject({
      kind: "retryable",
      type: "model_rate_limited_error",
      retryAfterMs: 7000,
    });
    expect(classifyModelError(apiError(529, "overloaded_error"))).toMatchObject({ kind: "retryable", type: "model_overloaded_error" });
    const midStream = new Anthropic.APIError(
      undefined,
      { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
      undefined,
      new Headers(),
    );
    expect(classifyModelError(midStream)).toMatchObject({ kind: "retryable", type: "model_overloaded_error" });
    expect(classifyModelError(apiError(503, "api_error"))).toMatchObject({ kind: "retryable", type: "model_request_failed_error" });
  });

  it("fails request errors at once and recognises an abort", () => {
    expect(classifyModelError(apiError(400, "invalid_request_error"))).toMatchObject({ kind: "terminal" });
    expect(classifyModelError(apiError(401, "authentication_error"))).toMatchObject({ kind: "terminal" });
    expect(classifyModelError(new Anthropic.APIUserAbortError())).toEqual({ kind: "aborted" });
  });
});

describe("retryDelayMs", () => {
  const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 6 };
  it("grows exponentially with jitter inside [ceiling/2, ceiling] and caps", () => {
    expect(retryDelayMs(policy, 1, null, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, null, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 4, null, () => 1)).toBe(8000);
    expect(retryDelayMs(policy, 20, null, () => 1)).toBe(60_000);
  });
  it("never retries sooner than the server asked", () => {
    expect(retryDelayMs(policy, 1, 30_000, () => 0)).toBe(30_000);
  });
});

describe("estimateCostMicros", () => {
  it("prices by model family, including cache reads and writes", () => {
    const usage = { input_tokens: 1_000_000, output_tokens: 0, cache_read_input_tokens: 1_000_000, cache_creation_input_tokens: 0 };
    expect(estimateCostMicros("claude-sonnet-5-5", usage)).toBe(3_300_000);
    expect(estimateCostMicros("claude-opus-4-1", { ...usage, cache_read_input_tokens: 0 })).toBe(15_000_000);
    expect(estimateCostMicros("some-other-model", usage)).toBeNull();
  });
});

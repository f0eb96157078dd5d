// Token estimates and the cached prefix: four characters of JSON a token, the prefix ending at the last cache_control.
import { describe, expect, it } from "vitest";
import { CountTokensRequest } from "../../src/sim/request-schema";
import { estimateOutputTokens, estimatePrompt, inputUsage } from "../../src/sim/usage-estimate";

const prompt = (fields: Record<string, unknown>) => CountTokensRequest.parse({ model: "m", ...fields });

describe("estimatePrompt", () => {
  it("counts the JSON of each tool, system block and content block", () => {
    const tool = { name: "t", input_schema: { type: "object" } };
    const estimate = estimatePrompt(prompt({ tools: [tool], system: "abcd", messages: [{ role: "user", content: "hello" }] }));
    const chars = JSON.stringify(tool).length + JSON.stringify("abcd").length + JSON.stringify("hello").length;
    expect(estimate).toEqual({ tokens: Math.ceil(chars / 4), cachedPrefix: null });
  });

  it("caches everything up to and including the last block marked cache_control", () => {
    const system = [{ type: "text", text: "rules ".repeat(50), cache_control: { type: "ephemeral" } }];
    const marked = { type: "text", text: "history", cache_control: { type: "ephemeral" } };
    const estimate = estimatePrompt(prompt({ system, messages: [{ role: "user", content: [marked, { type: "text", text: "new question" }] }] }));
    const prefixChars = JSON.stringify(system[0]).length + JSON.stringify(marked).length;
    expect(estimate.cachedPrefix?.tokens).toBe(Math.ceil(prefixChars / 4));
    expect(estimate.cachedPrefix?.json).toBe(JSON.stringify([system[0], marked]));
    expect(estimate.tokens).toBeGreaterThan(estimate.cachedPrefix?.tokens ?? Infinity);
  });
});

describe("inputUsage", () => {
  const estimate = { tokens: 100, cachedPrefix: { json: "[]", tokens: 60 } };

  it("writes the prefix to the cache the first time and reads it after", () => {
    expect(inputUsage(estimate, false)).toEqual({ input_tokens: 40, cache_creation_input_tokens: 60, cache_read_input_tokens: 0 });
    expect(inputUsage(estimate, true)).toEqual({ input_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 60 });
  });
});

describe("estimateOutputTokens", () => {
  it("counts text and tool calls, and never reports zero", () => {
    expect(estimateOutputTokens([])).toBe(1);
    expect(
      estimateOutputTokens([
        { type: "text", text: "x".repeat(9) },
        { type: "tool_use", name: "ab", input: { k: 1 } },
      ]),
    ).toBe(Math.ceil((9 + 2 + 7) / 4));
  });
});

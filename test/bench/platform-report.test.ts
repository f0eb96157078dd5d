import { describe, expect, it } from "vitest";
import type { PlatformRun } from "../../bench/platform/agents-sdk-comparison";
import type { DreamInputPoint } from "../../bench/platform/dream-input";
import { distribution } from "../../bench/platform/distribution";
import { syntheticMemory } from "../../bench/platform/memory-scale";
import { type RawPlatformResults, slope, summarisePlatform } from "../../bench/platform/platform-report";
import { PLATFORM_MARKERS, platformSection } from "../../bench/platform/report-markdown";
import { SseTextDeltas } from "../../bench/platform/sse-text-deltas";
import { parseBundle, renderBundle } from "../../src/memory/memory-bundle";
import { composeMessage } from "../../src/sim/assistant-message";
import { eventStreamResponse, messageEvents } from "../../src/sim/message-stream";

describe("distributions", () => {
  it("reports nearest-rank medians and p99, always a measured value", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(distribution(samples)).toEqual({ runs: 100, median: 50, p99: 99 });
    expect(distribution([7.123])).toEqual({ runs: 1, median: 7.12, p99: 7.12 });
    expect(() => distribution([])).toThrow(/at least one sample/);
  });

  it("fits a least-squares slope", () => {
    expect(
      slope([
        [1, 110],
        [2, 120],
        [4, 140],
      ]),
    ).toBeCloseTo(10);
    expect(
      slope([
        [3, 5],
        [3, 9],
      ]),
    ).toBe(0);
  });
});

const run = (turnMs: number, modelMs: number, steps = 1): PlatformRun => ({
  sessions: 2,
  turns: Array.from({ length: 4 }, () => ({ turnMs, modelMs, steps })),
});
const point = (history: number, newSessions: number, inputTokens: number): DreamInputPoint => ({
  history,
  new_sessions: newSessions,
  input_tokens: inputTokens,
  status: "completed",
});

function rawResults(historyTokens: number[]): RawPlatformResults {
  return {
    sideBySide: {
      lucid: run(30, 10, 2),
      agentsSdk: run(20, 10),
      storage: { lucid: { objects: 3, bytes: 40_960, bytes_per_session: 20_480 }, agents_sdk: { objects: 2, bytes: 286_720, bytes_per_session: 143_360 } },
    },
    throughput: [{ sessions: 4, agents: 1, seconds: 0.5, sessions_per_second: 8 }],
    streamLatencyMs: [1, 2, 3],
    fanOut: [
      { threads: 20, allRunningMs: 120, overheadMs: 300 },
      { threads: 20, allRunningMs: 80, overheadMs: 200 },
    ],
    webhooks: { latencyMs: [900, 950, 1000], burst: { deliveries: 200, seconds: 4, deliveries_per_second: 50 } },
    memoryScale: [{ memories: 1000, seedSeconds: 0.4, searchMs: [5, 6], firstStepOverheadMs: [20, 25] }],
    dreamInput: { byNewSessions: [point(0, 2, 900), point(0, 4, 1100)], byHistory: historyTokens.map((tokens, i) => point(i * 8, 4, tokens)) },
    toolRoundTrips: { workerFirstCallMs: [60, 80], workerLaterCallMs: [20, 22, 24, 30, 26, 28], customToolMs: [8, 9, 10, 11, 12, 13, 14, 15] },
  };
}

describe("the platform report", () => {
  it("computes per-step overhead outside the model and the ratios against the Agents SDK", () => {
    const summary = summarisePlatform(rawResults([1100, 1100]));
    expect(summary.side_by_side.lucid.step_overhead_ms.median).toBe(10);
    expect(summary.side_by_side.agents_sdk.step_overhead_ms.median).toBe(10);
    expect(summary.side_by_side.step_overhead_ratio).toBe(1);
    expect(summary.side_by_side.turns_per_session).toBe(2);
    expect(summary.side_by_side.storage_ratio).toBe(0.14);
    expect(summary.dream_input.tokens_per_new_session).toBe(100);
    expect(summary.dream_input.history_spread).toBe(1);
    // Medians: first calls 60, later calls 24, custom tool 11.
    expect(summary.tool_round_trip.queue_overhead_ms).toEqual({ first_call: 49, later_call: 13 });
  });

  it("says whether a dream's input grows with history, from the figures", () => {
    const context = { command: "npm run bench:platform", date: "2026-11-25", machine: "test machine", durationSeconds: 1 };
    const flat = platformSection(summarisePlatform(rawResults([1100, 1150])), context);
    expect(flat.startsWith(PLATFORM_MARKERS.start) && flat.endsWith(PLATFORM_MARKERS.end)).toBe(true);
    expect(flat).toContain("it reads what is new, not the whole history");
    expect(flat).toContain("| storage per session | 20.0 KiB (3 objects) | 140.0 KiB (2 objects) | 0.14 |");
    expect(flat).toContain("950 / 1000 ms over 3 events sent one at a time. 200 sent at once arrived in 4 s: 50 deliveries / s.");
    expect(flat).toContain("all 20 threads are running 80 / 120 ms after that reply leaves the model");
    expect(flat).toContain("| bash through the worker, later calls of a claimed session | 24 / 30 | 13 |");
    expect(flat).toContain("Over 2 sessions of 4 calls each through the worker, and 8 custom-tool calls.");
    const growing = platformSection(summarisePlatform(rawResults([1100, 2200])), context);
    expect(growing).toContain("it grows with history, which it should not");
  });
});

describe("the timing proxy's delta reader", () => {
  it("reads every text delta of a simulator stream, however its bytes are split", async () => {
    const request = { model: "claude-sonnet-5-5", max_tokens: 100, messages: [{ role: "user" as const, content: "hi" }] };
    const message = composeMessage({ type: "message", content: [{ type: "text", text: "naïve café — ünïcode words" }] }, request, {
      input_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    const bytes = new Uint8Array(await eventStreamResponse(messageEvents(message)).arrayBuffer());
    const texts: string[] = [];
    const reader = new SseTextDeltas((text) => texts.push(text));
    // Three-byte slices cut lines and multi-byte characters alike.
    for (let at = 0; at < bytes.length; at += 3) reader.push(bytes.slice(at, at + 3));
    expect(texts).toEqual(["naïve ", "café ", "— ", "ünïcode ", "words"]);
  });
});

describe("synthetic memories for the scale benchmark", () => {
  it("are deterministic, distinct, and import exactly through a bundle", () => {
    const entries = Array.from({ length: 50 }, (_, i) => syntheticMemory(i));
    expect(syntheticMemory(7)).toEqual(entries[7]);
    expect(new Set(entries.map((entry) => entry.path)).size).toBe(50);
    expect(new Set(entries.map((entry) => entry.content)).size).toBe(50);
    expect(parseBundle(renderBundle(entries))).toEqual(entries);
  });
});

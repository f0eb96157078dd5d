// The platform benchmark's results as data: distributions from raw samples, and the verdicts the figures support.
import type { PlatformRun } from "./agents-sdk-comparison";
import type { DreamInputPoint } from "./dream-input";
import { type Distribution, distribution, round } from "./distribution";
import { overheadPerStep } from "./lucid-workload";
import type { MemoryScaleSamples } from "./memory-scale";
import type { FanOutSample } from "./multiagent-fanout";
import type { Throughput } from "./throughput";
import type { ToolRoundTripSamples } from "./tool-round-trip";
import type { WebhookSamples } from "./webhook-delivery";

export interface RawPlatformResults {
  sideBySide: { lucid: PlatformRun; agentsSdk: PlatformRun; storage: StorageComparison };
  throughput: Throughput[];
  streamLatencyMs: number[];
  memoryScale: MemoryScaleSamples[];
  dreamInput: { byNewSessions: DreamInputPoint[]; byHistory: DreamInputPoint[] };
  fanOut: FanOutSample[];
  webhooks: WebhookSamples;
  toolRoundTrips: ToolRoundTripSamples;
}

export interface StorageComparison {
  lucid: { objects: number; bytes: number; bytes_per_session: number };
  agents_sdk: { objects: number; bytes: number; bytes_per_session: number };
}

export interface PlatformSummary {
  side_by_side: {
    sessions: number;
    turns_per_session: number;
    lucid: { step_overhead_ms: Distribution; turn_ms: Distribution; model_ms: Distribution };
    agents_sdk: { step_overhead_ms: Distribution; turn_ms: Distribution; model_ms: Distribution };
    /** Lucid over the Agents SDK, on medians; above 1 Lucid spends more. */
    step_overhead_ratio: number;
    storage: StorageComparison;
    storage_ratio: number;
  };
  throughput: Throughput[];
  stream_latency_ms: Distribution;
  memory_scale: { memories: number; seed_seconds: number; search_ms: Distribution; first_step_overhead_ms: Distribution }[];
  dream_input: {
    by_new_sessions: DreamInputPoint[];
    by_history: DreamInputPoint[];
    /** Largest over smallest input across the history series: near 1 when a dream reads only what is new. */
    history_spread: number;
    /** Input per new session, from the new-sessions series' least-squares slope. */
    tokens_per_new_session: number;
  };
  fan_out: { threads: number; all_running_ms: Distribution; overhead_ms: Distribution };
  webhooks: { latency_ms: Distribution; burst: WebhookSamples["burst"] };
  tool_round_trip: {
    worker_first_call_ms: Distribution;
    worker_later_call_ms: Distribution;
    custom_tool_ms: Distribution;
    /** What the work queue and the worker add to a call, on medians: a claimed session's later calls, and a first call. */
    queue_overhead_ms: { later_call: number; first_call: number };
  };
}

function runSummary(run: PlatformRun) {
  return {
    step_overhead_ms: distribution(run.turns.map(overheadPerStep)),
    turn_ms: distribution(run.turns.map((turn) => turn.turnMs)),
    model_ms: distribution(run.turns.map((turn) => turn.modelMs)),
  };
}

export function summarisePlatform(raw: RawPlatformResults): PlatformSummary {
  const lucid = runSummary(raw.sideBySide.lucid);
  const agentsSdk = runSummary(raw.sideBySide.agentsSdk);
  const { storage } = raw.sideBySide;
  const historyInputs = raw.dreamInput.byHistory.map((point) => point.input_tokens);
  return {
    side_by_side: {
      sessions: raw.sideBySide.lucid.sessions,
      turns_per_session: raw.sideBySide.lucid.turns.length / Math.max(1, raw.sideBySide.lucid.sessions),
      lucid,
      agents_sdk: agentsSdk,
      step_overhead_ratio: round(lucid.step_overhead_ms.median / agentsSdk.step_overhead_ms.median),
      storage,
      storage_ratio: round(storage.lucid.bytes_per_session / storage.agents_sdk.bytes_per_session),
    },
    throughput: raw.throughput,
    stream_latency_ms: distribution(raw.streamLatencyMs),
    memory_scale: raw.memoryScale.map((scale) => ({
      memories: scale.memories,
      seed_seconds: scale.seedSeconds,
      search_ms: distribution(scale.searchMs),
      first_step_overhead_ms: distribution(scale.firstStepOverheadMs),
    })),
    dream_input: {
      by_new_sessions: raw.dreamInput.byNewSessions,
      by_history: raw.dreamInput.byHistory,
      history_spread: round(Math.max(...historyInputs) / Math.max(1, Math.min(...historyInputs))),
      tokens_per_new_session: Math.round(slope(raw.dreamInput.byNewSessions.map((point) => [point.new_sessions, point.input_tokens]))),
    },
    fan_out: {
      threads: raw.fanOut[0]?.threads ?? 0,
      all_running_ms: distribution(raw.fanOut.map((sample) => sample.allRunningMs)),
      overhead_ms: distribution(raw.fanOut.map((sample) => sample.overheadMs)),
    },
    webhooks: { latency_ms: distribution(raw.webhooks.latencyMs), burst: raw.webhooks.burst },
    tool_round_trip: toolRoundTripSummary(raw.toolRoundTrips),
  };
}

function toolRoundTripSummary(samples: ToolRoundTripSamples): PlatformSummary["tool_round_trip"] {
  const first = distribution(samples.workerFirstCallMs);
  const later = distribution(samples.workerLaterCallMs);
  const custom = distribution(samples.customToolMs);
  return {
    worker_first_call_ms: first,
    worker_later_call_ms: later,
    custom_tool_ms: custom,
    queue_overhead_ms: { later_call: round(later.median - custom.median), first_call: round(first.median - custom.median) },
  };
}

/** Least-squares slope of y over x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

// Summarises a load run (latency per operation, errors, throughput) and writes it as the load section of BENCHMARKS.md.
import { nearestRank, round } from "../platform/distribution";
import type { SectionMarkers } from "../shared/markdown-section";
import type { ClientResult, Operation } from "./load-client";

export const LOAD_MARKERS: SectionMarkers = {
  start: "<!-- load:start (written by npm run bench:load) -->",
  end: "<!-- load:end -->",
};

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadSummary {
  clients: number;
  /** `tenant`: each client its own tenant key (every request passes the key registry and its tenant's directory); `admin`: all the admin key. */
  keys: "tenant" | "admin";
  rounds: number;
  requests: number;
  sessions: number;
  errors: string[];
  seconds: number;
  sessions_per_second: number;
  latency: Partial<Record<Operation, LatencySummary>>;
}

const round1 = (value: number) => round(value, 1);

export function summariseLoad(
  results: readonly ClientResult[],
  plan: { clients: number; rounds: number; keys: LoadSummary["keys"] },
  seconds: number,
): LoadSummary {
  const samples = results.flatMap((result) => result.samples);
  const byOperation = new Map<Operation, number[]>();
  for (const sample of samples) byOperation.set(sample.operation, [...(byOperation.get(sample.operation) ?? []), sample.ms]);
  const latency: LoadSummary["latency"] = {};
  for (const [operation, values] of byOperation) {
    const sorted = [...values].sort((a, b) => a - b);
    latency[operation] = {
      count: sorted.length,
      p50: round1(nearestRank(sorted, 0.5)),
      p95: round1(nearestRank(sorted, 0.95)),
      p99: round1(nearestRank(sorted, 0.99)),
      max: round1(sorted.at(-1)!),
    };
  }
  const sessions = latency.stream_to_idle?.count ?? 0;
  return {
    ...plan,
    // Each round's calls plus the message send; the streams count once each.
    requests: samples.length + sessions,
    sessions,
    errors: results.flatMap((result) => result.errors),
    seconds: round1(seconds),
    sessions_per_second: round1(sessions / seconds),
    latency,
  };
}

export interface LoadContext {
  command: string;
  date: string;
  machine: string;
}

const OPERATION_LABELS: Record<Operation, string> = {
  create_environment: "create environment",
  create_agent: "create agent",
  create_session: "create session",
  stream_to_idle: "send message → idle on the live stream (one model call)",
  list_events: "list events",
  list_agents: "list agents",
};

export function loadSection(summary: LoadSummary, context: LoadContext): string {
  const rows = (Object.keys(OPERATION_LABELS) as Operation[]).flatMap((operation) => {
    const figures = summary.latency[operation];
    return figures ? [`| ${OPERATION_LABELS[operation]} | ${figures.count} | ${figures.p50} | ${figures.p95} | ${figures.p99} | ${figures.max} |`] : [];
  });
  return [
    LOAD_MARKERS.start,
    "## Load",
    "",
    `A bounded load test against the platform as \`npm start\` runs it (Lucid and the Messages API simulator under \`wrangler dev\`, fresh local state), over loopback: ${summary.clients} concurrent clients, ${summary.rounds} rounds each, ${summary.keys === "tenant" ? "each signed in with a tenant key of its own (its own tenant: every request passes the key registry and its tenant's directory, and every stream is recorded for revocation)" : "all signed in with the admin key"}; a round creates an agent and a session, reads it live (SSE through the official SDK; every third round a WebSocket), sends a message, waits for idle, then lists the transcript and the agents. It stops by itself and fails (exit code 1) on any error.`,
    "",
    `Command: \`${context.command}\` · date: ${context.date} · machine: ${context.machine} · ran in ${summary.seconds} s.`,
    "",
    `**Errors: ${summary.errors.length}** · requests: ${summary.requests} · sessions: ${summary.sessions} (${summary.sessions_per_second} per second)`,
    "",
    "| operation | count | p50 ms | p95 ms | p99 ms | max ms |",
    "|---|---|---|---|---|---|",
    ...rows,
    ...(summary.errors.length ? ["", "First errors:", "", ...summary.errors.slice(0, 10).map((error) => `- ${error}`)] : []),
    LOAD_MARKERS.end,
  ].join("\n");
}

// Writes the platform benchmark as the BENCHMARKS.md section that holds it: tables generated from the summary, never typed.
import type { SectionMarkers } from "../shared/markdown-section";
import type { Distribution } from "./distribution";
import type { PlatformSummary } from "./platform-report";

export const PLATFORM_MARKERS: SectionMarkers = {
  start: "<!-- platform:start (written by npm run bench:platform) -->",
  end: "<!-- platform:end -->",
};

export interface PlatformContext {
  command: string;
  date: string;
  machine: string;
  durationSeconds: number;
}

const ms = (value: Distribution) => `${value.median} / ${value.p99}`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function platformSection(summary: PlatformSummary, context: PlatformContext): string {
  const side = summary.side_by_side;
  const tools = summary.tool_round_trip;
  const lines = [
    PLATFORM_MARKERS.start,
    "## Platform",
    "",
    "**Simulated model**: the Messages API simulator answers every call instantly (no model latency), so these figures are the platforms' own costs. Model time is measured by a timing proxy between the platform and the simulator, on the harness's clock; *overhead* is a turn's wall time at the client minus its model time, per model call.",
    "",
    `Command: \`${context.command}\` · date: ${context.date} · machine: ${context.machine} · local workerd (\`wrangler dev\`) · ran in ${context.durationSeconds} s. Figures are median / p99 in ms unless stated.`,
    "",
    "### Side by side with the Cloudflare Agents SDK",
    "",
    `The same workload on both, one after the other in the same run: ${side.sessions} sessions of ${side.turns_per_session} turns, each turn one user message and one model reply, the transcript kept in the agent's SQLite. Lucid: one agent, sessions through the official SDK, turn time until \`session.status_idle\` arrives on the session's SSE stream. Agents SDK (\`agents\`, \`bench/platform/agents-sdk\`): one \`Agent\` per session, each turn one request answered when the turn ends.`,
    "",
    "| | Lucid | Agents SDK | Lucid / Agents SDK |",
    "|---|---|---|---|",
    `| platform overhead per step | ${ms(side.lucid.step_overhead_ms)} | ${ms(side.agents_sdk.step_overhead_ms)} | ${side.step_overhead_ratio} (medians) |`,
    `| turn, client to client | ${ms(side.lucid.turn_ms)} | ${ms(side.agents_sdk.turn_ms)} | |`,
    `| model call (simulator, via proxy) | ${ms(side.lucid.model_ms)} | ${ms(side.agents_sdk.model_ms)} | |`,
    `| storage per session | ${kib(side.storage.lucid.bytes_per_session)} (${side.storage.lucid.objects} objects) | ${kib(side.storage.agents_sdk.bytes_per_session)} (${side.storage.agents_sdk.objects} objects) | ${side.storage_ratio} |`,
    "",
    "What the difference buys: each Lucid step is a durable unit driven by the agent's alarm (a crash resumes it, a recorded reply is never requested twice), its transcript is an event log that replays to any SSE or WebSocket reader, and every step records usage and cost. The baseline is the request-driven loop an Agents SDK user would write first, which keeps messages only. Storage is every object's SQLite size (pages × page size) over the sessions run, warm-up included, fixed costs such as Lucid's agent config and directory included.",
    "",
    "### Sessions per second",
    "",
    "| sessions | agents | seconds | sessions / s |",
    "|---|---|---|---|",
    ...summary.throughput.map((run) => `| ${run.sessions} | ${run.agents} | ${run.seconds} | ${run.sessions_per_second} |`),
    "",
    "All sessions at once, each created, streamed and driven through one turn; one agent is one Durable Object, so its sessions share one thread.",
    "",
    "### Stream latency",
    "",
    `From a text delta leaving the model (the proxy's stamp) to its \`event_delta\` frame at a WebSocket client: ${ms(summary.stream_latency_ms)} ms over ${summary.stream_latency_ms.runs} deltas.`,
    "",
    "### Memory at scale",
    "",
    "| memories | seeding (s, bundle import) | search | first step overhead, store attached |",
    "|---|---|---|---|",
    ...summary.memory_scale.map(
      (scale) => `| ${scale.memories.toLocaleString("en")} | ${scale.seed_seconds} | ${ms(scale.search_ms)} | ${ms(scale.first_step_overhead_ms)} |`,
    ),
    "",
    `Search is \`GET /v1/memory_stores/{id}/search\` (FTS5, BM25, 10 results) timed at the client. The first step of a session with the store attached includes loading the index and the relevant memories into the prompt; compare it with the overhead per step without memory above (${side.lucid.step_overhead_ms.median} ms).`,
    "",
    "### Dream input",
    "",
    "| history (sessions dreamed before) | new sessions | dream input tokens |",
    "|---|---|---|",
    ...[...summary.dream_input.by_new_sessions, ...summary.dream_input.by_history].map(
      (point) => `| ${point.history} | ${point.new_sessions} | ${point.input_tokens.toLocaleString("en")} |`,
    ),
    "",
    `A dream's input grows by about ${summary.dream_input.tokens_per_new_session.toLocaleString("en")} tokens per new session, and across histories of ${summary.dream_input.by_history.map((point) => point.history).join(", ")} sessions it varies by a factor of ${summary.dream_input.history_spread} (1 would mean not at all): ${summary.dream_input.history_spread <= 1.25 ? "it reads what is new, not the whole history" : "it grows with history, which it should not"}.`,
    "",
    "### Webhook delivery",
    "",
    `From \`POST /v1/webhooks/{id}/test\` to the signed delivery's arrival at a local receiver, verified with the SDK's \`unwrap\`: ${ms(summary.webhooks.latency_ms)} ms over ${summary.webhooks.latency_ms.runs} events sent one at a time. ${summary.webhooks.burst.deliveries} sent at once arrived in ${summary.webhooks.burst.seconds} s: ${summary.webhooks.burst.deliveries_per_second} deliveries / s. The queue consumer takes batches of up to 10 and waits at most 1 s to fill one (\`max_batch_timeout\` in \`wrangler.toml\`), which bounds a lone event's latency.`,
    "",
    "### Tool round trip",
    "",
    "From an `agent.tool_use` to the result that answers it, both as they arrive on the session's SSE stream at the harness (one clock, one path, so the stream's own latency cancels). The bash calls (`echo`) run in the official `EnvironmentWorker` (`client.beta.environments.work.worker`, the SDK's agent toolset) on loopback, through a self-hosted environment's work queue; the custom tool is answered by the harness the moment its call arrives, as the leanest client would.",
    "",
    "| call | round trip | beyond a custom tool (medians) |",
    "|---|---|---|",
    `| bash through the worker, first call of a session (queued, claimed, acknowledged, the worker joins) | ${ms(tools.worker_first_call_ms)} | ${tools.queue_overhead_ms.first_call} |`,
    `| bash through the worker, later calls of a claimed session | ${ms(tools.worker_later_call_ms)} | ${tools.queue_overhead_ms.later_call} |`,
    `| custom tool, answered by the harness | ${ms(tools.custom_tool_ms)} | |`,
    "",
    `Over ${tools.worker_first_call_ms.runs} sessions of ${(tools.worker_first_call_ms.runs + tools.worker_later_call_ms.runs) / tools.worker_first_call_ms.runs} calls each through the worker, and ${tools.custom_tool_ms.runs} custom-tool calls. A worker's round trip includes running the command in its bash session. The SDK's worker serves one session at a time and, between sessions, blocks each poll up to 999 ms and sleeps 1 to 3 s after an empty one; the harness starts each session after the worker has left the last one, inside its next blocked poll, which Lucid answers the moment the item is queued. So a first call is Lucid's hand-out and the worker's set-up, not the poller's sleep, which an idle worker adds on top.`,
    "",
    "### Multiagent fan-out",
    "",
    `A coordinator whose one model reply opens ${summary.fan_out.threads} threads (each a session on its own specialist agent, every specialist answering after 200 ms): all ${summary.fan_out.threads} threads are running ${ms(summary.fan_out.all_running_ms)} ms after that reply leaves the model (to the last \`session.thread_status_running\` on the coordinator's stream). The whole session costs ${ms(summary.fan_out.overhead_ms)} ms beyond the coordinator's own model calls and its slowest thread (${summary.fan_out.all_running_ms.runs} runs).`,
    "",
    "Raw samples: `bench/results/platform.json`; how each figure is taken: `bench/README.md`.",
    PLATFORM_MARKERS.end,
  ];
  return lines.join("\n");
}

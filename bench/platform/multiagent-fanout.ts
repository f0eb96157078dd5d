// Multiagent fan-out: how long a coordinator's request to open 20 threads takes to have all 20 running, and what the
// whole session costs beyond its slowest thread and the coordinator's own model calls.
import type Anthropic from "@anthropic-ai/sdk";
import { type BenchAgent, createBenchAgent } from "./lucid-workload";
import type { ModelCall, ModelProxy } from "./model-proxy";
import { watchSession } from "./session-watch";
import { scriptSimulator } from "./simulator-script";

export interface FanOutSample {
  threads: number;
  /** From the coordinator's open_thread reply leaving the model to the last `session.thread_status_running` arriving. */
  allRunningMs: number;
  /** Session wall time minus the coordinator's model calls and the slowest thread's model calls. */
  overheadMs: number;
}

/** What each specialist's model call takes, so that the slowest thread is a real, measurable span. */
const SPECIALIST_DELAY_MS = 200;

export async function measureFanOut(client: Anthropic, proxy: ModelProxy, simulatorUrl: string, threads: number, runs: number): Promise<FanOutSample[]> {
  const specialists: BenchAgent[] = [];
  for (let i = 0; i < threads; i++) specialists.push(await createBenchAgent(client, `specialist ${i}`));
  const coordinator = await createBenchAgent(client, "coordinator", {
    multiagent: { type: "coordinator", agents: specialists.map((specialist) => specialist.agentId) },
  } as Partial<Anthropic.Beta.AgentCreateParams>);
  const samples: FanOutSample[] = [];
  for (let run = 0; run < runs; run++) samples.push(await oneFanOut(client, proxy, simulatorUrl, coordinator, specialists, run));
  return samples;
}

async function oneFanOut(
  client: Anthropic,
  proxy: ModelProxy,
  simulatorUrl: string,
  coordinator: BenchAgent,
  specialists: BenchAgent[],
  run: number,
): Promise<FanOutSample> {
  const session = await client.beta.sessions.create({ agent: coordinator.agentId, environment_id: coordinator.environmentId, resources: [] });
  const openAll = specialists.map((specialist, i) => ({
    type: "tool_use" as const,
    name: "open_thread",
    input: { agent_id: specialist.agentId, task: `Run ${run}, part ${i}: answer briefly.` },
  }));
  await scriptSimulator(simulatorUrl, session.id, [
    { type: "message", content: openAll },
    { type: "message", content: [{ type: "tool_use", name: "wait_for_threads", input: {} }] },
    { type: "message", content: [{ type: "text", text: "All parts are in." }] },
  ]);
  for (const [i, specialist] of specialists.entries()) {
    await scriptSimulator(simulatorUrl, specialist.agentId, [
      { type: "message", content: [{ type: "text", text: `Part ${i} done.` }], delay_ms: SPECIALIST_DELAY_MS },
    ]);
  }
  const watch = await watchSession(client, session.id);
  try {
    const sentAt = performance.now();
    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.message", content: [{ type: "text", text: "Fan the work out." }] }] });
    const idleAt = await watch.arrival("session.status_idle", 0, 120_000);
    const running = watch.received.filter((entry) => entry.event.type === "session.thread_status_running");
    if (running.length !== specialists.length) throw new Error(`session ${session.id}: ${running.length} of ${specialists.length} threads ran`);
    const coordinatorCalls = proxy.callsFor(`${coordinator.agentId}/${session.id}`, sentAt);
    const openRequest = coordinatorCalls[0];
    if (!openRequest) throw new Error(`session ${session.id}: the coordinator made no model call`);
    const threadSpans = specialists.map((specialist) =>
      duration(proxy.calls.filter((call) => call.key.startsWith(`${specialist.agentId}/`) && call.startedAt >= sentAt)),
    );
    return {
      threads: specialists.length,
      allRunningMs: Math.max(...running.map((entry) => entry.at)) - openRequest.endedAt,
      overheadMs: idleAt - sentAt - duration(coordinatorCalls) - Math.max(...threadSpans),
    };
  } finally {
    watch.close();
  }
}

const duration = (calls: readonly ModelCall[]) => calls.reduce((sum, call) => sum + (call.endedAt - call.startedAt), 0);

// Fixtures for multiagent tests: specialists, a coordinator over them, and reading a coordinator's threads.
import type Anthropic from "@anthropic-ai/sdk";
import { allEvents, createAgent, createEnvironment, type LucidAgentParams, waitForStatus } from "../fixtures/lucid";
import type { SimReply } from "../fixtures/simulator";

type Event = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent & Record<string, unknown>;

export async function createSpecialists(client: Anthropic, count: number, overrides: LucidAgentParams = {}) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      createAgent(client, {
        name: `Specialist ${index + 1}`,
        description: `Writes part ${index + 1}.`,
        tools: [{ type: "agent_toolset_20260401" }],
        ...overrides,
      }),
    ),
  );
}

export async function createCoordinator(client: Anthropic, specialistIds: string[], extra: Record<string, unknown> = {}, overrides: LucidAgentParams = {}) {
  return createAgent(client, {
    name: "Coordinator",
    tools: [{ type: "agent_toolset_20260401" }],
    multiagent: { type: "coordinator", agents: specialistIds, ...extra } as never,
    ...overrides,
  });
}

export async function startSession(client: Anthropic, agentId: string, text: string) {
  const environment = await createEnvironment(client);
  return client.beta.sessions.create({
    agent: agentId,
    environment_id: environment.id,
    initial_events: [{ type: "user.message", content: [{ type: "text", text }] }],
  });
}

export const toolCalls = (...calls: { name: string; input: Record<string, unknown> }[]): SimReply => ({
  type: "message",
  content: calls.map((call) => ({ type: "tool_use" as const, name: call.name, input: call.input })),
});

export async function events(client: Anthropic, sessionId: string): Promise<Event[]> {
  return (await allEvents(client, sessionId)) as Event[];
}

/** The parsed result of the coordinator's wait_for_threads call (the first, or the n-th). */
export async function waitResults(client: Anthropic, sessionId: string) {
  const all = await events(client, sessionId);
  const waits = all.filter((event) => event.type === "agent.tool_use" && event.name === "wait_for_threads").map((event) => event.id);
  return all
    .filter((event) => event.type === "agent.tool_result" && waits.includes(String(event.tool_use_id)))
    .map((event) => {
      const text = (event.content as { text: string }[])[0]!.text;
      return { is_error: event.is_error, ...(JSON.parse(text) as { threads: WaitThread[] }) };
    });
}

export interface WaitThread {
  thread_id: string;
  agent_id: string;
  agent_name: string;
  status: string;
  stop_reason: string | null;
  failed: boolean;
  reply: string | null;
  conflicts: { path: string; message: string }[];
}

/** When a thread's session ran: from its first status_running to its first idle or terminated after it. */
export async function runInterval(client: Anthropic, threadId: string): Promise<[number, number]> {
  const all = await events(client, threadId);
  const start = all.find((event) => event.type === "session.status_running")!;
  const end = all.find((event) => event.type === "session.status_idle" || event.type === "session.status_terminated")!;
  return [Date.parse(start.processed_at!), Date.parse(end.processed_at!)];
}

/** The most intervals that overlap at any instant. */
export function maxOverlap(intervals: [number, number][]): number {
  const points = intervals.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  // At equal times an end comes before a start: a thread that ended as another began did not overlap it.
  points.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let current = 0;
  let most = 0;
  for (const [, delta] of points) most = Math.max(most, (current += delta!));
  return most;
}

/** The coordinator session's first thread, once it has one whose status passes `until`. */
export async function waitForFirstThread(client: Anthropic, sessionId: string, until: (status: string) => boolean = () => true) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [thread] = (await client.beta.sessions.threads.list(sessionId)).data;
    if (thread && until(thread.status)) return thread;
    if (Date.now() > deadline) throw new Error(`session ${sessionId} has no such thread`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export { waitForStatus };

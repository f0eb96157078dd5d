// Runs one task as a session through the official SDK: the harness is the client that answers each custom tool call and checks success.
import type Anthropic from "@anthropic-ai/sdk";
import type { TaskWorld } from "./task-file";
import type { BenchTask } from "./task-stream";
import { runWorldTool } from "./world-tools";

export interface SessionResult {
  session_id: string;
  completed: boolean;
  steps: number;
  tokens: number;
}

export interface SessionOptions {
  agentId: string;
  environmentId: string;
  attachMemory: boolean;
  waitForReflection: boolean;
  timeoutMs?: number;
}

type Event = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent;
/** Lucid's extension on the session object: why it went idle (the SDK types only the event's). */
type LucidSession = Anthropic.Beta.Sessions.BetaManagedAgentsSession & { stop_reason?: { type: string; event_ids?: string[] } | null };
/** A model that ignores its budget gets this many refused calls before the harness stops answering. */
const GRACE_CALLS = 2;

export async function runTaskSession(client: Anthropic, world: TaskWorld, task: BenchTask, options: SessionOptions): Promise<SessionResult> {
  const session = await client.beta.sessions.create({
    agent: options.agentId,
    environment_id: options.environmentId,
    ...(options.attachMemory ? {} : { resources: [] }),
    initial_events: [{ type: "user.message", content: [{ type: "text", text: task.text }] }],
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let steps = 0;
  let completed = false;
  for (;;) {
    const idle = await waitUntilSettled(client, session.id, deadline);
    const pending = idle.stop_reason?.type === "requires_action" ? (idle.stop_reason.event_ids ?? []) : [];
    if (!pending.length || steps >= task.step_budget + GRACE_CALLS) break;
    const calls = (await eventsOf(client, session.id)).flatMap((event) =>
      event.type === "agent.custom_tool_use" && pending.includes(event.id) ? [event] : [],
    );
    const results = calls.map((call) => {
      steps += 1;
      if (steps > task.step_budget) return { id: call.id, ok: false, text: "Step budget exhausted: stop now." };
      const outcome =
        call.name === task.tool ? runWorldTool(world, call.name, call.input, task.drifted) : { ok: false, text: `This task does not need ${call.name}.` };
      if (outcome.ok && call.name === task.tool) completed = true;
      return { id: call.id, ...outcome };
    });
    await client.beta.sessions.events.send(session.id, {
      events: results.map((result) => ({
        type: "user.custom_tool_result" as const,
        custom_tool_use_id: result.id,
        content: [{ type: "text" as const, text: result.text }],
        is_error: !result.ok,
      })),
    });
  }
  if (options.waitForReflection) await waitForReflection(client, session.id, deadline);
  const usage = (await client.beta.sessions.retrieve(session.id)).usage;
  const tokens = (usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0) + (usage?.cache_read_input_tokens ?? 0) + cacheCreationOf(usage?.cache_creation);
  return { session_id: session.id, completed, steps, tokens };
}

async function waitUntilSettled(client: Anthropic, sessionId: string, deadline: number): Promise<LucidSession> {
  for (;;) {
    const session: LucidSession = await client.beta.sessions.retrieve(sessionId);
    if (session.status === "idle" || session.status === "terminated") return session;
    if (Date.now() > deadline) throw new Error(`session ${sessionId} stayed ${session.status}`);
    await sleep(20);
  }
}

/**
 * Reflection runs a short while after the session goes idle (possibly also while it waited on a tool result);
 * the next task must see what it wrote after the last turn.
 */
async function waitForReflection(client: Anthropic, sessionId: string, deadline: number) {
  const reflectedAfterLastTurn = (events: Event[]) => {
    const lastIdle = events.findLastIndex((event) => event.type === "session.status_idle");
    return events.slice(lastIdle + 1).some((event) => (event.type as string) === "lucid.reflection");
  };
  while (!reflectedAfterLastTurn(await eventsOf(client, sessionId))) {
    if (Date.now() > deadline) throw new Error(`session ${sessionId} never reflected`);
    await sleep(50);
  }
}

export async function eventsOf(client: Anthropic, sessionId: string): Promise<Event[]> {
  const events: Event[] = [];
  for await (const event of client.beta.sessions.events.list(sessionId)) events.push(event);
  return events;
}

const cacheCreationOf = (creation: { ephemeral_1h_input_tokens?: number; ephemeral_5m_input_tokens?: number } | undefined) =>
  (creation?.ephemeral_1h_input_tokens ?? 0) + (creation?.ephemeral_5m_input_tokens ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

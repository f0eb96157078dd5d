// The session workload on Lucid, through the official SDK: turns timed from the client, model time taken from the proxy.
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelProxy } from "./model-proxy";
import { watchSession } from "./session-watch";

export const MODEL = "claude-sonnet-5-5";

/** One turn as both platforms report it: wall time seen by the client, time inside model calls, model calls made. */
export interface TurnSample {
  turnMs: number;
  modelMs: number;
  steps: number;
}

/** Time outside the model calls, per model call: the platform's own cost of a step. */
export const overheadPerStep = (turn: TurnSample) => (turn.turnMs - turn.modelMs) / Math.max(1, turn.steps);

export const turnText = (session: number, turn: number) => `Session ${session}, turn ${turn}: summarise ticket T-${session}-${turn} in one line.`;

export interface BenchAgent {
  agentId: string;
  environmentId: string;
}

/** Lucid's extension fields on agent creation (the SDK does not type them). */
type LucidAgentParams = Anthropic.Beta.AgentCreateParams & { memory?: { reflection?: boolean; token_budget?: number }; dreaming?: Record<string, unknown> };

/** An agent with reflection off, so a turn is exactly its model calls (no reflection call after it). */
export async function createBenchAgent(client: Anthropic, name: string, extra: Partial<LucidAgentParams> = {}): Promise<BenchAgent> {
  const params: LucidAgentParams = { name, model: MODEL, system: "You are a concise support agent.", ...extra, memory: { reflection: false, ...extra.memory } };
  const agent = await client.beta.agents.create(params);
  const environment = await client.beta.environments.create({ name: `${name} environment` });
  return { agentId: agent.id, environmentId: environment.id };
}

export type SessionResources = Anthropic.Beta.SessionCreateParams["resources"];

/**
 * One session of `turns` user messages, each sent once the previous turn ended. Without `resources` the agent's own
 * store is attached (Lucid's default); `resources: []` attaches none, so the session does what the Agents SDK baseline does.
 */
export async function runLucidSession(
  client: Anthropic,
  proxy: ModelProxy,
  agent: BenchAgent,
  index: number,
  turns: number,
  resources?: SessionResources,
): Promise<{ sessionId: string; turns: TurnSample[] }> {
  const session = await client.beta.sessions.create({ agent: agent.agentId, environment_id: agent.environmentId, ...(resources ? { resources } : {}) });
  const watch = await watchSession(client, session.id);
  try {
    const samples: TurnSample[] = [];
    for (let turn = 0; turn < turns; turn++) {
      const seen = watch.received.length;
      const startedAt = performance.now();
      await client.beta.sessions.events.send(session.id, { events: [{ type: "user.message", content: [{ type: "text", text: turnText(index, turn) }] }] });
      const idleAt = await watch.arrival("session.status_idle", seen);
      const calls = proxy.callsFor(`${agent.agentId}/${session.id}`, startedAt);
      samples.push({ turnMs: idleAt - startedAt, modelMs: calls.reduce((sum, call) => sum + (call.endedAt - call.startedAt), 0), steps: calls.length });
    }
    return { sessionId: session.id, turns: samples };
  } finally {
    watch.close();
  }
}

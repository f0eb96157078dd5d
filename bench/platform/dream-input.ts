// Dream input versus new sessions and versus history: a dream should read what is new since the last one, not everything.
import type Anthropic from "@anthropic-ai/sdk";
import { dreamAndWait } from "../shared/dream-driver";
import { type BenchAgent, createBenchAgent, runLucidSession } from "./lucid-workload";
import type { ModelProxy } from "./model-proxy";

export interface DreamInputPoint {
  /** Sessions already dreamed over before the measured dream. */
  history: number;
  /** Sessions since the last dream: what the measured dream has to review. */
  new_sessions: number;
  input_tokens: number;
  status: string;
}

const FIXED_NEW_SESSIONS = 4;

/**
 * Two series on fresh agents: new sessions vary with no history, then history varies (dreamed over once) with a fixed
 * number of new sessions. Every point is its own agent, so the points run in parallel.
 */
export async function measureDreamInput(client: Anthropic, proxy: ModelProxy, newSessionCounts: number[], historyCounts: number[]) {
  const [byNewSessions, byHistory] = await Promise.all([
    Promise.all(newSessionCounts.map((count) => dreamPoint(client, proxy, 0, count))),
    Promise.all(historyCounts.map((history) => dreamPoint(client, proxy, history, FIXED_NEW_SESSIONS))),
  ]);
  return { byNewSessions, byHistory };
}

async function dreamPoint(client: Anthropic, proxy: ModelProxy, history: number, newSessions: number): Promise<DreamInputPoint> {
  const agent = await createBenchAgent(client, `dream input h${history} n${newSessions}`, { dreaming: { mode: "auto" } });
  if (history > 0) {
    await runSessions(client, proxy, agent, 0, history);
    const absorbed = await dreamAndWait(client, agent.agentId, history);
    if (absorbed.status !== "completed") throw new Error(`the history dream of ${agent.agentId} ended ${absorbed.status}`);
  }
  await runSessions(client, proxy, agent, history, newSessions);
  const dream = await dreamAndWait(client, agent.agentId, history + newSessions);
  return { history, new_sessions: newSessions, input_tokens: dream.input_tokens, status: dream.status };
}

/** One-turn sessions on the agent's own store, one after another as a user's work would arrive. */
async function runSessions(client: Anthropic, proxy: ModelProxy, agent: BenchAgent, first: number, count: number): Promise<void> {
  for (let index = first; index < first + count; index++) await runLucidSession(client, proxy, agent, index, 1);
}

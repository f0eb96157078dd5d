// Seeds a fresh Lucid over its API for the dashboard benchmark: one agent with finished sessions (one of them a long
// transcript) and a dream of it held for review with its changeset.
import type Anthropic from "@anthropic-ai/sdk";
import type { LucidClient } from "../../client";
import type { z } from "zod";
import type { AgentCreate } from "../../src/schemas/agent";
import { openSessionTurns } from "./session-turns";

export interface SeedPlan {
  /** Finished sessions of the agent, the long one included. */
  sessions: number;
  /** User/agent message pairs in the long session. */
  longTurns: number;
  /** Short sessions run at once; they share the agent's one Durable Object. */
  concurrency: number;
}

export interface SeededDashboard {
  agent: { id: string; name: string };
  longSession: { id: string; userMessages: number; agentMessages: number };
  dream: { id: string; operations: number };
  /** Rows the agent page's sessions table shows (its one page of up to 50) and points its learning chart plots. */
  sessionRows: number;
  chartPoints: number;
  seconds: number;
}

const AGENT_NAME = "Dashboard bench agent";
const MODEL = "claude-sonnet-5-5";
/** Two corrections, as a user would give them, so the dream has preferences to propose (as in the browser test). */
const CORRECTIONS = ["No, always sign letters as 'The Acme Legal Team'.", "Don't use exclamation marks in client letters."];
const DREAM_TIMEOUT_MS = 120_000;

export async function seedDashboard(anthropic: Anthropic, lucid: LucidClient, plan: SeedPlan): Promise<SeededDashboard> {
  const started = performance.now();
  // Review mode holds the dream's changeset for a person; no reflections, so nothing runs in the background while pages load.
  const params: z.input<typeof AgentCreate> = { name: AGENT_NAME, model: MODEL, memory: { reflection: false }, dreaming: { mode: "review" } };
  const agent = await anthropic.beta.agents.create(params as Anthropic.Beta.AgentCreateParams);
  const environment = await anthropic.beta.environments.create({ name: "dashboard-bench" });
  const runSession = async (messages: string[]) => {
    const session = await anthropic.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    const turns = await openSessionTurns(anthropic, session.id);
    try {
      for (const message of messages) await turns.say(message);
    } finally {
      turns.close();
    }
    return session.id;
  };

  const longMessages = Array.from({ length: plan.longTurns }, (_, index) => CORRECTIONS[index] ?? longSessionMessage(index));
  const longSessionId = await runSession(longMessages);
  const shortSessions = Array.from({ length: plan.sessions - 1 }, (_, index) => `Summarise clause ${index + 1} of the Acme lease in one sentence.`);
  await inBatches(shortSessions, plan.concurrency, (message) => runSession([message]));

  const dream = await dreamHeldForReview(lucid, agent.id);
  const longSession = await countMessages(anthropic, longSessionId);
  if (longSession.userMessages !== plan.longTurns || longSession.agentMessages !== plan.longTurns) {
    throw new Error(`the long session holds ${longSession.userMessages} user and ${longSession.agentMessages} agent messages, not ${plan.longTurns} each`);
  }
  return {
    agent: { id: agent.id, name: AGENT_NAME },
    longSession: { id: longSessionId, ...longSession },
    dream,
    ...(await expectedAgentPage(anthropic, agent.id)),
    seconds: (performance.now() - started) / 1000,
  };
}

function longSessionMessage(index: number): string {
  return `Point ${index + 1}: draft the paragraph of the renewal letter about clause ${index + 1}, keeping the tone formal and the figures exact.`;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(run));
}

async function dreamHeldForReview(lucid: LucidClient, agentId: string): Promise<SeededDashboard["dream"]> {
  const started = await lucid.agents.dream(agentId);
  const deadline = Date.now() + DREAM_TIMEOUT_MS;
  for (;;) {
    const dream = await lucid.dreams.retrieve(started.id);
    if (dream.phase === "awaiting_review") {
      const operations = dream.changeset?.operations.length ?? 0;
      if (!operations) throw new Error(`dream ${dream.id} was held for review with no operations: its page would show no diffs`);
      return { id: dream.id, operations };
    }
    if (dream.status === "completed" || dream.status === "failed" || dream.status === "canceled") {
      throw new Error(`dream ${dream.id} ended ${dream.status} (${dream.error?.message ?? "no error"}) instead of waiting for review`);
    }
    if (Date.now() > deadline) throw new Error(`dream ${dream.id} stayed ${dream.status}/${dream.phase}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function countMessages(anthropic: Anthropic, sessionId: string): Promise<{ userMessages: number; agentMessages: number }> {
  let userMessages = 0;
  let agentMessages = 0;
  for await (const event of anthropic.beta.sessions.events.list(sessionId, { limit: 100 })) {
    if (event.type === "user.message") userMessages += 1;
    if (event.type === "agent.message") agentMessages += 1;
  }
  return { userMessages, agentMessages };
}

/** What the agent page should show, read from the API the same way the page reads it. */
async function expectedAgentPage(anthropic: Anthropic, agentId: string): Promise<{ sessionRows: number; chartPoints: number }> {
  const firstPage = await anthropic.beta.sessions.list({ agent_id: agentId, limit: 50 });
  let chartPoints = 0;
  for await (const _session of anthropic.beta.sessions.list({ agent_id: agentId, statuses: ["idle", "terminated"], limit: 100 })) chartPoints += 1;
  return { sessionRows: firstPage.data.length, chartPoints };
}

// The side-by-side: the same sessions on Lucid and on the Cloudflare Agents SDK baseline (bench/platform/agents-sdk),
// against the same simulator through the same timing proxy, then each platform's storage read from its local state.
import type Anthropic from "@anthropic-ai/sdk";
import { classStorage } from "./durable-object-storage";
import { type BenchAgent, runLucidSession, type TurnSample, turnText } from "./lucid-workload";
import type { ModelProxy } from "./model-proxy";

/** Sessions numbered from `first` (warm-up and measured runs never share a conversation), each of `turns` turns. */
export interface SessionRange {
  first: number;
  sessions: number;
  turns: number;
}

export interface PlatformRun {
  turns: TurnSample[];
  sessions: number;
}

export const AGENTS_SDK_WORKER = { name: "lucid-bench-agents-sdk", className: "SessionAgent" };
export const LUCID_WORKER = { name: "lucid", classNames: ["DirectoryObject", "AgentObject", "MemoryStoreObject", "DreamObject"] };

/** Sessions on one Lucid agent with no memory attached: a user message, a model reply, the transcript kept. */
export async function runLucidSessions(client: Anthropic, proxy: ModelProxy, agent: BenchAgent, range: SessionRange): Promise<PlatformRun> {
  const samples: TurnSample[] = [];
  for (let index = range.first; index < range.first + range.sessions; index++)
    samples.push(...(await runLucidSession(client, proxy, agent, index, range.turns, [])).turns);
  return { turns: samples, sessions: range.sessions };
}

/** The same sessions on the baseline: one SessionAgent per session, each turn one request that returns when the turn ends. */
export async function runAgentsSdkSessions(baselineUrl: string, proxy: ModelProxy, range: SessionRange): Promise<PlatformRun> {
  const samples: TurnSample[] = [];
  for (let index = range.first; index < range.first + range.sessions; index++) {
    const name = `session-${index}`;
    for (let turn = 0; turn < range.turns; turn++) {
      const startedAt = performance.now();
      const response = await fetch(`${baselineUrl}/agents/session-agent/${name}/turn`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: turnText(index, turn) }),
      });
      if (!response.ok) throw new Error(`the baseline's turn failed: ${response.status} ${await response.text()}`);
      await response.json();
      const endedAt = performance.now();
      const calls = proxy.callsFor(name, startedAt);
      samples.push({ turnMs: endedAt - startedAt, modelMs: calls.reduce((sum, call) => sum + (call.endedAt - call.startedAt), 0), steps: calls.length });
    }
  }
  return { turns: samples, sessions: range.sessions };
}

/** Bytes of every object each platform wrote, over the sessions it ran (fixed costs such as an agent's config included). */
export function storagePerSession(lucidStateDir: string, baselineStateDir: string, sessions: number) {
  const lucid = LUCID_WORKER.classNames.map((className) => classStorage(lucidStateDir, LUCID_WORKER.name, className));
  const baseline = classStorage(baselineStateDir, AGENTS_SDK_WORKER.name, AGENTS_SDK_WORKER.className);
  const lucidBytes = lucid.reduce((sum, entry) => sum + entry.bytes, 0);
  return {
    lucid: { objects: lucid.reduce((sum, entry) => sum + entry.objects, 0), bytes: lucidBytes, bytes_per_session: Math.round(lucidBytes / sessions) },
    agents_sdk: { objects: baseline.objects, bytes: baseline.bytes, bytes_per_session: Math.round(baseline.bytes / sessions) },
  };
}

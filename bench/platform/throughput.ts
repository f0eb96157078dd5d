// Sessions per second: many one-turn sessions at once, on one agent (one Durable Object) and spread over many agents.
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelProxy } from "./model-proxy";
import { type BenchAgent, createBenchAgent, runLucidSession } from "./lucid-workload";

export interface Throughput {
  sessions: number;
  agents: number;
  seconds: number;
  sessions_per_second: number;
}

/** Every session is created, streamed and driven through one turn concurrently; the clock runs until the last goes idle. */
export async function measureThroughput(client: Anthropic, proxy: ModelProxy, sessions: number, agentCount: number): Promise<Throughput> {
  const agents: BenchAgent[] = [];
  for (let i = 0; i < agentCount; i++) agents.push(await createBenchAgent(client, `throughput ${agentCount}/${i}`));
  const started = performance.now();
  await Promise.all(Array.from({ length: sessions }, (_, i) => runLucidSession(client, proxy, agents[i % agentCount]!, i, 1, [])));
  const seconds = (performance.now() - started) / 1000;
  return { sessions, agents: agentCount, seconds: Number(seconds.toFixed(2)), sessions_per_second: Number((sessions / seconds).toFixed(1)) };
}

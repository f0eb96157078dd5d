// Measures an agent's current memory store: how many memories and how many bytes of content (superseded ones included, as stored).
import type Anthropic from "@anthropic-ai/sdk";

export interface MemorySize {
  memories: number;
  bytes: number;
}

export async function currentMemorySize(client: Anthropic, agentId: string): Promise<MemorySize> {
  const agent = (await client.beta.agents.retrieve(agentId)) as { memory_store_id?: string };
  if (!agent.memory_store_id) return { memories: 0, bytes: 0 };
  let memories = 0;
  let bytes = 0;
  for await (const item of client.beta.memoryStores.memories.list(agent.memory_store_id, { limit: 100 })) {
    if (item.type !== "memory") continue;
    memories += 1;
    bytes += (item as { content_size_bytes?: number }).content_size_bytes ?? 0;
  }
  return { memories, bytes };
}

// Finding what a command names: an agent or vault by id or name, a memory store or memory, the CLI's environment, a
// session's last event.
import type Anthropic from "@anthropic-ai/sdk";
import type { Memory } from "../../src/schemas/memory";
import type { CommandContext } from "../command";
import { lucidMemory } from "../../client/lucid-shapes";

/** Sessions the CLI starts run in this environment, created on first use. */
export const CLI_ENVIRONMENT_NAME = "lucid-cli";

/** An agent id as given (`agent_…`), or the id of the one live agent with that exact name. */
export async function resolveAgentId(context: CommandContext, reference: string): Promise<string> {
  if (reference.startsWith("agent_")) return reference;
  const matches: string[] = [];
  for await (const agent of context.anthropic.beta.agents.list()) if (agent.name === reference) matches.push(agent.id);
  if (matches.length === 1) return matches[0]!;
  throw new Error(
    matches.length ? `${matches.length} agents are named "${reference}": give its id (${matches.join(", ")})` : `no agent has the id or name "${reference}"`,
  );
}

/** A vault id as given (`vlt_…`), or the id of the one live vault with that exact display name. */
export async function resolveVaultId(context: CommandContext, reference: string): Promise<string> {
  if (reference.startsWith("vlt_")) return reference;
  const matches: string[] = [];
  for await (const vault of context.anthropic.beta.vaults.list()) if (vault.display_name === reference) matches.push(vault.id);
  if (matches.length === 1) return matches[0]!;
  throw new Error(
    matches.length ? `${matches.length} vaults are named "${reference}": give its id (${matches.join(", ")})` : `no vault has the id or name "${reference}"`,
  );
}

export async function cliEnvironment(anthropic: Anthropic): Promise<string> {
  for await (const environment of anthropic.beta.environments.list()) {
    if (environment.name === CLI_ENVIRONMENT_NAME && !environment.archived_at) return environment.id;
  }
  return (await anthropic.beta.environments.create({ name: CLI_ENVIRONMENT_NAME })).id;
}

/** The id of the session's newest event, so a stream can start right after it; undefined for an empty transcript. */
export async function lastEventId(anthropic: Anthropic, sessionId: string): Promise<string | undefined> {
  const page = await anthropic.beta.sessions.events.list(sessionId, { order: "desc", limit: 1 });
  return page.data[0]?.id;
}

/** The memory store a command acts on: given as `memstore_…`, or an agent's current store. */
export async function resolveStoreId(context: CommandContext, reference: string): Promise<string> {
  if (reference.startsWith("memstore_")) return reference;
  const agent = await context.lucid.agents.retrieve(await resolveAgentId(context, reference));
  if (!agent.memory_store_id) throw new Error(`agent ${agent.id} has no memory store`);
  return agent.memory_store_id;
}

/** The memory at a path (or with an id), full content included; null when there is none. */
export async function findMemory(anthropic: Anthropic, storeId: string, pathOrId: string): Promise<Memory | null> {
  if (pathOrId.startsWith("mem_"))
    return lucidMemory(await anthropic.beta.memoryStores.memories.retrieve(pathOrId, { memory_store_id: storeId, view: "full" }));
  const path = pathOrId.startsWith("/") ? pathOrId : `/${pathOrId}`;
  const folder = path.slice(0, path.lastIndexOf("/") + 1);
  for await (const item of anthropic.beta.memoryStores.memories.list(storeId, { path_prefix: folder, depth: 1 })) {
    if (item.type === "memory" && item.path === path) {
      return lucidMemory(await anthropic.beta.memoryStores.memories.retrieve(item.id, { memory_store_id: storeId, view: "full" }));
    }
  }
  return null;
}

// Which agents use a memory store as their current memory, so the store is never archived or deleted from under one.
// An agent pins a store before it points at it, and unpins the store it leaves (src/agent/memory-pointer.ts); the pins
// live here, in the store's own SQLite, where the archive or delete that reads them runs in the same object. A pin may
// outlive its agent's use (a crash between pinning and pointing, an unpin that did not arrive), so before refusing,
// the store asks each agent, whose own pointer is the truth, and drops the pins it disowns.
import { ApiError } from "../platform/errors";
import { agentOf, directoryOf } from "../platform/stubs";
import type { Env } from "../env";
import type { Agent } from "../schemas/agent";

/** Listed agents read per page from the tenant's directory while looking for agents that never pinned (see below). */
const LISTING_PAGE = 500;

export function pinForAgent(sql: SqlStorage, agentId: string): void {
  // A new row (a new seq) each time: a pin made while the store was asking about an older one is never taken for it.
  sql.exec("DELETE FROM agent_pins WHERE agent_id = ?", agentId);
  sql.exec("INSERT INTO agent_pins (agent_id) VALUES (?)", agentId);
}

export function unpinForAgent(sql: SqlStorage, agentId: string): void {
  sql.exec("DELETE FROM agent_pins WHERE agent_id = ?", agentId);
}

/**
 * The unarchived agents of `tenantId` whose current memory is this store. Candidates are the pins, and the tenant's
 * agent listings that name the store (agents that pointed here before pins existed, or came in by archive import);
 * each is asked. The last step reads the pins again without awaiting anything, so the caller's archive or delete,
 * run right after, cannot miss a pin made meanwhile: such a pin counts as a use.
 */
export async function agentsUsingStore(sql: SqlStorage, env: Env, tenantId: string, storeId: string): Promise<string[]> {
  const pinned = new Map(pins(sql).map((pin) => [pin.agent_id, pin.seq]));
  const candidates = new Set([...pinned.keys(), ...(await listedAgentsNaming(env, tenantId, storeId))]);
  const using = new Set<string>();
  for (const agentId of candidates) {
    if (await agentUses(env, tenantId, agentId, storeId)) using.add(agentId);
    else if (pinned.has(agentId)) sql.exec("DELETE FROM agent_pins WHERE agent_id = ? AND seq <= ?", agentId, pinned.get(agentId)!);
  }
  for (const pin of pins(sql)) using.add(pin.agent_id);
  return [...using].sort();
}

function pins(sql: SqlStorage): { agent_id: string; seq: number }[] {
  return sql.exec<{ agent_id: string; seq: number }>("SELECT agent_id, seq FROM agent_pins ORDER BY seq").toArray();
}

async function agentUses(env: Env, tenantId: string, agentId: string, storeId: string): Promise<boolean> {
  try {
    return await agentOf(env, agentId).usesMemoryStore(tenantId, storeId);
  } catch (error) {
    // An agent that does not exist (any more, or in this tenant) uses nothing.
    if (error instanceof ApiError && error.type === "not_found_error") return false;
    throw error;
  }
}

async function listedAgentsNaming(env: Env, tenantId: string, storeId: string): Promise<string[]> {
  const directory = directoryOf(env, tenantId);
  const found: string[] = [];
  let page: string | undefined;
  do {
    const listed = await directory.listListings("agent", { limit: LISTING_PAGE, page });
    for (const agent of listed.data as Agent[]) if (agent.memory_store_id === storeId) found.push(agent.id);
    page = listed.next_page ?? undefined;
  } while (page);
  return found;
}

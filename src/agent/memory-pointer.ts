// The agent's current memory store and the ones before it: dreams move the pointer forward, a rollback moves it back,
// and an update may repoint it. Every move pins the store it goes to before pointing there (a pinned store refuses to be
// archived or deleted), then unpins the one it leaves: see src/memory/agent-pins.ts.
import { ApiError, invalidRequest } from "../platform/errors";
import { memoryStoreOf } from "../platform/stubs";
import type { Env } from "../env";

type PointerRow = {
  memory_store_id: string | null;
  memory_store_history: string;
};

/** What moving the pointer needs: the agent's storage and who it is, to pin and unpin stores in its name. */
export interface PointerHost {
  sql: SqlStorage;
  env: Env;
  tenantId: string;
  agentId: string;
  moves: PointerMoves;
}

/**
 * Runs an agent's pointer moves one at a time, and says which store a running move is adopting: from its pin until
 * its pointer is written, a store that asks whether the agent uses it must be told yes. Kept in memory: a move cut
 * off by a crash never pointed anywhere, and the pin it left behind is found stale and dropped (agent-pins.ts).
 */
export class PointerMoves {
  private queue: Promise<unknown> = Promise.resolve();
  private adopting: string | null = null;

  run<T>(move: () => Promise<T>): Promise<T> {
    const result = this.queue.then(move);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async adopt(storeId: string, step: () => Promise<void>): Promise<void> {
    this.adopting = storeId;
    try {
      await step();
    } finally {
      this.adopting = null;
    }
  }

  isAdopting(storeId: string): boolean {
    return this.adopting === storeId;
  }
}

function readPointer(sql: SqlStorage): { current: string | null; history: string[] } {
  const row = sql.exec<PointerRow>("SELECT memory_store_id, memory_store_history FROM agent").one();
  return { current: row.memory_store_id, history: JSON.parse(row.memory_store_history) as string[] };
}

export function currentMemoryStore(sql: SqlStorage): string | null {
  return readPointer(sql).current;
}

/**
 * Points the agent at `storeId`, which must be the tenant's and unarchived, remembering the store it leaves so a
 * rollback can return to it; then unpins the store it left. `alongside` runs in the same synchronous step as the
 * pointing, once the store is pinned (a new agent's row, an update's config): if it throws, the pointer stays.
 */
export function moveToStore(host: PointerHost, storeId: string, alongside: () => void = () => undefined): Promise<void> {
  return host.moves.run(async () => {
    const left = await pinAndPoint(host, storeId, alongside);
    if (left) await unpin(host, left);
  });
}

/** Pins `storeId`, then (in one synchronous step) runs `beforePointing` and points at it; returns the store it left. */
async function pinAndPoint(host: PointerHost, storeId: string, beforePointing: () => void): Promise<string | null> {
  let left: string | null = null;
  await host.moves.adopt(storeId, async () => {
    await memoryStoreOf(host.env, storeId).pinForAgent(host.tenantId, host.agentId);
    beforePointing();
    const { current, history } = readPointer(host.sql);
    if (current === storeId) return;
    host.sql.exec("UPDATE agent SET memory_store_id = ?, memory_store_history = ?", storeId, JSON.stringify(current ? [...history, current] : history));
    left = current;
  });
  return left;
}

/** Returns the agent to the store it used before the latest move; the store it leaves is kept, never deleted. */
export function rollBackStore(host: PointerHost): Promise<{ from: string; to: string }> {
  return host.moves.run(async () => {
    const { current, history } = readPointer(host.sql);
    const previous = history[history.length - 1];
    if (!current || !previous) throw invalidRequest("This agent's memory has never been moved by a dream; there is nothing to roll back to.");
    await host.moves.adopt(previous, async () => {
      await memoryStoreOf(host.env, previous)
        .pinForAgent(host.tenantId, host.agentId)
        .catch((error: unknown) => {
          if (!(error instanceof ApiError)) throw error;
          throw invalidRequest(`This agent cannot roll back to memory store '${previous}': ${error.detail}`);
        });
      host.sql.exec("UPDATE agent SET memory_store_id = ?, memory_store_history = ?", previous, JSON.stringify(history.slice(0, -1)));
    });
    await unpin(host, current);
    return { from: current, to: previous };
  });
}

/** Lets go of the current store when the agent is archived: an archived agent holds no store. */
export function releaseStore(host: PointerHost): Promise<void> {
  return host.moves.run(async () => {
    const { current } = readPointer(host.sql);
    if (current) await unpin(host, current);
  });
}

/**
 * Whether the agent, unarchived and of `tenantId`, names `storeId` as its memory now, or is about to (a move pinned it
 * and has not pointed yet). Asked by a store before it is archived or deleted.
 */
export function agentUsesStore(host: Pick<PointerHost, "sql" | "moves">, tenantId: string, storeId: string): boolean {
  if (host.moves.isAdopting(storeId)) return true;
  const row = host.sql
    .exec<{ tenant_id: string; archived_at: string | null; memory_store_id: string | null }>("SELECT tenant_id, archived_at, memory_store_id FROM agent")
    .toArray()[0];
  return row !== undefined && row.tenant_id === tenantId && row.archived_at === null && row.memory_store_id === storeId;
}

/**
 * Best effort: a pin left behind (the store gone, a crash, an unreachable store) only makes the store ask this agent
 * again before it is archived or deleted, and the answer then clears it.
 */
async function unpin(host: PointerHost, storeId: string): Promise<void> {
  await memoryStoreOf(host.env, storeId)
    .unpinForAgent(host.tenantId, host.agentId)
    .catch(() => undefined);
}

// The agent's current memory store and the ones before it: dreams move the pointer forward, a rollback moves it back.
import { invalidRequest } from "../api/api-error";

type PointerRow = {
  memory_store_id: string | null;
  memory_store_history: string;
};

function readPointer(sql: SqlStorage): { current: string | null; history: string[] } {
  const row = sql.exec<PointerRow>("SELECT memory_store_id, memory_store_history FROM agent").one();
  return { current: row.memory_store_id, history: JSON.parse(row.memory_store_history) as string[] };
}

export function currentMemoryStore(sql: SqlStorage): string | null {
  return readPointer(sql).current;
}

/** Points the agent at a new store, remembering the one it leaves so a rollback can return to it. */
export function pointToStore(sql: SqlStorage, storeId: string): void {
  const { current, history } = readPointer(sql);
  if (current === storeId) return;
  const next = current ? [...history, current] : history;
  sql.exec("UPDATE agent SET memory_store_id = ?, memory_store_history = ?", storeId, JSON.stringify(next));
}

/** Returns the agent to the store it used before the latest move; the store it leaves is kept, never deleted. */
export function rollBackStore(sql: SqlStorage): { from: string; to: string } {
  const { current, history } = readPointer(sql);
  const previous = history[history.length - 1];
  if (!current || !previous) throw invalidRequest("This agent's memory has never been moved by a dream; there is nothing to roll back to.");
  sql.exec("UPDATE agent SET memory_store_id = ?, memory_store_history = ?", previous, JSON.stringify(history.slice(0, -1)));
  return { from: current, to: previous };
}

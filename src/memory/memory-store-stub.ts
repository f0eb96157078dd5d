// Reaches a memory store's object by the store's id, for the API and for other objects (sessions, dreams).
import { notFound } from "../api/api-error";
import { type GuardedObject, guardedStub, type RpcView } from "../api/guarded-rpc";
import type { Env } from "../env";
import { isMemoryStoreId } from "../ids";
import type { MemoryStoreObject } from "./memory-store-object";

export type MemoryStoreStub = RpcView<MemoryStoreObject>;

/** The store's object; a malformed id is simply not found, never an object created by accident. */
export function memoryStoreOf(env: Env, storeId: string): MemoryStoreStub {
  if (!isMemoryStoreId(storeId)) throw notFound("Memory store", storeId);
  return guardedStub<MemoryStoreObject>(env.MEMORY_STORE.getByName(storeId) as unknown as GuardedObject);
}

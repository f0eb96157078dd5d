// A session's memory: which stores it attaches, and what it loads from them (the memory tools: tools/memory-tools.ts).
import { invalidRequest } from "../platform/errors";
import { memoryStoreOf } from "../platform/stubs";
import type { Env } from "../env";
import { SUPERSEDED_FOLDER } from "../dreaming/apply-changeset";
import { MAX_INDEX_PATHS, renderMemoryBlock } from "../memory/memory-loading";
import { QUARANTINE_FOLDER } from "../memory/quarantine";
import type { EventFields, SessionEventOf } from "../schemas/recorded-events";
import type { MemoryStoreResource, MemoryStoreResourceParam } from "../schemas/session";
import type { AttachedStore } from "../tools/memory-tools";

/**
 * The stores a new session attaches: those it names (each checked to exist for this tenant and not be
 * archived), or else the agent's current store, read-write.
 */
export async function resolveAttachments(
  env: Env,
  tenantId: string,
  requested: MemoryStoreResourceParam[] | undefined,
  agentStoreId: string | null,
): Promise<MemoryStoreResource[]> {
  const params = requested ?? (agentStoreId ? [{ type: "memory_store" as const, memory_store_id: agentStoreId }] : []);
  const seen = new Set<string>();
  const resources: MemoryStoreResource[] = [];
  for (const param of params) {
    if (seen.has(param.memory_store_id)) throw invalidRequest(`resources: memory store '${param.memory_store_id}' is attached twice.`);
    seen.add(param.memory_store_id);
    const store = await memoryStoreOf(env, param.memory_store_id).getStore(tenantId);
    if (store.archived_at) throw invalidRequest(`resources: memory store '${store.id}' is archived and cannot be attached.`);
    resources.push({
      type: "memory_store",
      memory_store_id: store.id,
      access: param.access ?? "read_write",
      instructions: param.instructions ?? null,
      name: store.name,
      description: store.description,
      mount_path: null,
    });
  }
  return resources;
}

/**
 * Folders a session never loads: memories a dream superseded stay readable with the tools but are not what a session
 * should follow; quarantined memories wait for a person's review and are not offered to the agent at all.
 */
export const FOLDERS_NOT_LOADED = [`${SUPERSEDED_FOLDER}/`, `${QUARANTINE_FOLDER}/`] as const;

export const attachedStores = (resources: MemoryStoreResource[]): AttachedStore[] =>
  resources.map(({ memory_store_id, name, access, instructions }) => ({ memory_store_id, name, access, instructions }));

export type MemoryLoaded = EventFields<SessionEventOf<"lucid.memory_loaded">>;

/**
 * The fields of a session's `lucid.memory_loaded` event: each store's index and its memories most relevant to the
 * task, rendered into the block the session's prompt carries from then on.
 */
export async function loadSessionMemory(env: Env, tenantId: string, stores: AttachedStore[], task: string, tokenBudget: number): Promise<MemoryLoaded> {
  const views = await Promise.all(
    stores.map(async (store) => {
      const memory = memoryStoreOf(env, store.memory_store_id);
      const [index, hits] = await Promise.all([
        memory.pathIndex(tenantId, MAX_INDEX_PATHS, FOLDERS_NOT_LOADED),
        memory.searchMemories(tenantId, task, 10, FOLDERS_NOT_LOADED),
      ]);
      return {
        store,
        index: index.entries,
        indexTotal: index.total,
        relevant: hits.map(({ memory: hit }) => ({ path: hit.path, content: hit.content ?? "", content_sha256: hit.content_sha256 })),
      };
    }),
  );
  const block = renderMemoryBlock(views, tokenBudget);
  return { memory_store_ids: stores.map((store) => store.memory_store_id), memories: block.loaded, tokens: block.tokens, block: block.text };
}

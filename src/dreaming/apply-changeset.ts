// Applies a dream's operations to a store's memories, giving the output store's memories; the input is never modified.
import type { DreamOperation, MemoryEntry } from "../schemas/dream";
import { sha256Hex } from "../sha256";
import { mergeEvidence } from "./evidence-merge";
import { stripHiddenCharacters } from "../safety/hidden-characters";
import { combinedSupport } from "./support-count";

/** Superseded memories move here rather than vanish; loading memories into prompts skips this folder. */
export const SUPERSEDED_FOLDER = "/superseded";

/**
 * Where a memory superseded by `dreamId` is kept: `/superseded/<dream id><original path>`. The dream id keeps archives
 * unique when one path is superseded again by a later dream, and says which dream retired it.
 */
export function archivePathOf(path: string, dreamId: string): string {
  return `${SUPERSEDED_FOLDER}/${dreamId}${path}`;
}

type Store = Map<string, MemoryEntry>;

/**
 * The output store, sorted by path. Operations must have passed guardOperations: one that names a missing memory throws,
 * since applying part of a changeset would leave a store nobody approved.
 */
export async function applyChangeset(
  memories: readonly MemoryEntry[],
  operations: readonly DreamOperation[],
  dreamId: string,
  confirmedAt: string,
): Promise<MemoryEntry[]> {
  const store: Store = new Map(memories.map((memory) => [memory.path, memory]));
  for (const operation of operations) await applyOperation(store, operation, { dreamId, confirmedAt });
  return [...store.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface Context {
  dreamId: string;
  confirmedAt: string;
}

async function applyOperation(store: Store, operation: DreamOperation, context: Context): Promise<void> {
  switch (operation.op) {
    case "create":
      if (store.has(operation.path)) throw new Error(`${operation.id}: a memory already exists at ${operation.path}`);
      store.set(operation.path, await written(operation, [], context));
      return;
    case "update": {
      const current = existing(store, operation, operation.path);
      store.set(operation.path, { ...current, ...(await written(operation, [current], context)) });
      return;
    }
    case "merge": {
      const sources = [...new Set([operation.path, ...targetsOf(operation)])].flatMap((path) => {
        const memory = store.get(path);
        if (!memory && path !== operation.path) throw new Error(`${operation.id}: no memory at ${path}`);
        return memory ? [memory] : [];
      });
      for (const source of sources) store.delete(source.path);
      store.set(operation.path, await written(operation, sources, context));
      return;
    }
    case "supersede": {
      const archived = targetsOf(operation).map((path) => archive(store, existing(store, operation, path), operation, context.dreamId));
      if (store.has(operation.path)) throw new Error(`${operation.id}: ${operation.path} is taken by a memory it does not supersede`);
      store.set(operation.path, { ...(await written(operation, [], context)), supersedes: archived });
      return;
    }
    case "delete":
      existing(store, operation, operation.path);
      store.delete(operation.path);
      return;
  }
}

/**
 * A memory the dream wrote: content and hash, the dream as author, provenance and support from the sources and the
 * evidence. Hidden characters never reach memory, whoever wrote the content (a reviewer's edit included).
 */
async function written(operation: DreamOperation, sources: readonly MemoryEntry[], context: Context): Promise<MemoryEntry> {
  const content = stripHiddenCharacters(operation.content ?? "");
  const provenance = mergeEvidence(...sources.map((source) => source.provenance), operation.evidence);
  return {
    path: operation.path,
    content,
    content_sha256: await sha256Hex(content),
    author: { type: "dream", id: context.dreamId },
    provenance,
    support_count: combinedSupport(sources, provenance),
    last_confirmed_at: context.confirmedAt,
  };
}

/** Moves a superseded memory to its archive path, marked with its successor; links that named its old path follow it. */
function archive(store: Store, memory: MemoryEntry, operation: DreamOperation, dreamId: string): string {
  const archivePath = archivePathOf(memory.path, dreamId);
  store.delete(memory.path);
  store.set(archivePath, { ...memory, path: archivePath, superseded_by: operation.path });
  for (const [path, other] of store) {
    if (other.superseded_by === memory.path && path !== archivePath) store.set(path, { ...other, superseded_by: archivePath });
  }
  return archivePath;
}

function existing(store: Store, operation: DreamOperation, path: string): MemoryEntry {
  const memory = store.get(path);
  if (!memory) throw new Error(`${operation.id}: no memory at ${path}`);
  return memory;
}

const targetsOf = (operation: DreamOperation) => operation.target_paths ?? [];

// Maps a memory store's snapshot to the dream pipeline's MemoryEntry and back.
import type { MemoryEntry } from "../schemas/dream";
import type { MemorySnapshot, MemorySnapshotEntry } from "../schemas/memory";
import { sha256Hex } from "../sha256";
import { sessionsOf } from "./evidence-merge";

export async function toMemoryEntries(snapshot: MemorySnapshot): Promise<MemoryEntry[]> {
  return Promise.all(
    snapshot.memories.map(async (memory) => ({
      ...memory,
      content_sha256: await sha256Hex(memory.content),
      support_count: sessionsOf(memory.provenance).size,
    })),
  );
}

export function toSnapshot(entries: readonly MemoryEntry[]): MemorySnapshot {
  return {
    memories: entries.map(
      ({ path, content, author, provenance, last_confirmed_at, supersedes, superseded_by }): MemorySnapshotEntry => ({
        path,
        content,
        author,
        provenance,
        last_confirmed_at,
        ...(supersedes ? { supersedes } : {}),
        ...(superseded_by ? { superseded_by } : {}),
      }),
    ),
  };
}

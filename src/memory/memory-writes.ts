// Every change to a memory as one step: its row, its version and its search entry, written together (inside the caller's transaction).
import { invalidRequest } from "../platform/errors";
import { newMemoryId } from "../ids";
import type { MemoryAuthor, MemoryLinks, MemorySnapshotEntry, Provenance } from "../schemas/memory";
import type { Actor } from "../schemas/memory-version";
import { type ContentDigest, MAX_CONTENT_BYTES } from "./content-digest";
import { contentTooLarge, pathConflict, preconditionFailed } from "./memory-errors";
import { findMemory, findOverlappingMemory, type MemoryRow } from "./memory-records";
import { indexMemory, unindexMemory } from "./memory-search-index";
import { recordVersion } from "./memory-version-log";

/** Who makes changes: `actor` is what the API shows as `created_by`, `author` is Lucid's own record. */
export interface Writer {
  actor: Actor | null;
  author: MemoryAuthor;
}

/** A change: who makes it, and when. */
export type Change = Writer & { at: string };

/** Whoever writes through the public API is, to Lucid, a person. */
export const PERSON: MemoryAuthor = { type: "person" };

/** What a memory is to become: where it lives, what it says, and its Lucid metadata. */
export interface MemoryState {
  path: string;
  content: string;
  digest: ContentDigest;
  author: MemoryAuthor;
  provenance: Provenance[];
  last_confirmed_at: string | null;
  /** Supersession links; left out, a revision keeps the memory's links as they are. */
  links?: MemoryLinks;
}

/** The API has no actor for dreams or people reached over RPC; sessions are `session_actor`s, others are the caller's key. */
export function actorFor(author: MemoryAuthor, caller: Actor | null): Actor | null {
  return author.type === "session" && author.id ? { type: "session_actor", session_id: author.id } : caller;
}

/** A precondition holds when the hash matches, or when the write would change nothing anyway (as the API specifies). */
export function requirePrecondition(row: MemoryRow | null, expectedSha: string | undefined, changesNothing: boolean, path: string): void {
  if (expectedSha === undefined || changesNothing || row?.content_sha256 === expectedSha) return;
  throw preconditionFailed(row?.id ?? null, path);
}

export function requireDistinctPaths(entries: MemorySnapshotEntry[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.path)) throw invalidRequest(`The path '${entry.path}' appears more than once; each memory needs its own path.`);
    seen.add(entry.path);
  }
}

export function parseLucidFields(row: MemoryRow): { author: MemoryAuthor; provenance: Provenance[] } & MemoryLinks {
  return { author: JSON.parse(row.author) as MemoryAuthor, provenance: JSON.parse(row.provenance) as Provenance[], ...(JSON.parse(row.links) as MemoryLinks) };
}

/** The links a snapshot entry records, in the form the memories table keeps them. */
export function linksOf(entry: MemoryLinks): MemoryLinks {
  return { ...(entry.supersedes ? { supersedes: entry.supersedes } : {}), ...(entry.superseded_by ? { superseded_by: entry.superseded_by } : {}) };
}

export function insertMemory(sql: SqlStorage, state: MemoryState, change: Change): MemoryRow {
  requireWithinLimit(state);
  const blocking = findOverlappingMemory(sql, state.path, null);
  if (blocking) throw pathConflict(state.path, blocking);
  const id = newMemoryId();
  const versionId = recordVersion(sql, versionOf(id, "created", state, change));
  sql.exec(
    `INSERT INTO memories (id, path, content, content_sha256, content_size_bytes, memory_version_id, author, provenance,
       last_confirmed_at, links, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    state.path,
    state.content,
    state.digest.content_sha256,
    state.digest.content_size_bytes,
    versionId,
    JSON.stringify(state.author),
    JSON.stringify(state.provenance),
    state.last_confirmed_at,
    JSON.stringify(state.links ?? {}),
    change.at,
    change.at,
  );
  const row = requireRow(sql, id);
  indexMemory(sql, row.seq, row.path, row.content);
  return row;
}

/** Brings a memory to a new state. A new version only when its path or content changes; metadata alone is not versioned. */
export function reviseMemory(sql: SqlStorage, row: MemoryRow, state: MemoryState, change: Change): MemoryRow {
  requireWithinLimit(state);
  const moved = state.path !== row.path;
  const rewritten = state.digest.content_sha256 !== row.content_sha256;
  if (moved) {
    const blocking = findOverlappingMemory(sql, state.path, row.id);
    if (blocking) throw pathConflict(state.path, blocking);
  }
  const versioned = moved || rewritten;
  sql.exec(
    `UPDATE memories SET path = ?, content = ?, content_sha256 = ?, content_size_bytes = ?, memory_version_id = ?,
       author = ?, provenance = ?, last_confirmed_at = ?, links = ?, updated_at = ? WHERE id = ?`,
    state.path,
    state.content,
    state.digest.content_sha256,
    state.digest.content_size_bytes,
    versioned ? recordVersion(sql, versionOf(row.id, "modified", state, change)) : row.memory_version_id,
    JSON.stringify(state.author),
    JSON.stringify(state.provenance),
    state.last_confirmed_at,
    state.links ? JSON.stringify(state.links) : row.links,
    versioned ? change.at : row.updated_at,
    row.id,
  );
  if (versioned) indexMemory(sql, row.seq, state.path, state.content);
  return requireRow(sql, row.id);
}

/** Deletes a live memory; its versions stay, ending with a `deleted` one. */
export function removeMemory(sql: SqlStorage, row: MemoryRow, change: Change): void {
  recordVersion(sql, {
    memory_id: row.id,
    operation: "deleted",
    path: row.path,
    content: null,
    created_by: change.actor,
    author: change.author,
    created_at: change.at,
  });
  sql.exec("DELETE FROM memories WHERE id = ?", row.id);
  unindexMemory(sql, row.seq);
}

function versionOf(memoryId: string, operation: "created" | "modified", state: MemoryState, change: Change) {
  return {
    memory_id: memoryId,
    operation,
    path: state.path,
    content: { text: state.content, digest: state.digest },
    created_by: change.actor,
    author: change.author,
    created_at: change.at,
  };
}

function requireWithinLimit(state: MemoryState): void {
  if (state.digest.content_size_bytes > MAX_CONTENT_BYTES) throw contentTooLarge(state.path, state.digest.content_size_bytes);
}

function requireRow(sql: SqlStorage, id: string): MemoryRow {
  const row = findMemory(sql, { id });
  if (!row) throw new Error(`memory ${id} vanished inside its own write`);
  return row;
}

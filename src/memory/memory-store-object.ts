// MemoryStoreObject: one per memory store. Its record, its memories and every version of them, and their full-text index.
import { DurableObject } from "cloudflare:workers";
import { ApiError, invalidRequest, notFound } from "../platform/errors";
import { type AbsentAnswers, invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import { directoryOf } from "../platform/stubs";
import type { Env } from "../env";
import { parseOrThrow } from "../schemas/common";
import {
  type DeletedMemory,
  FULL_VIEW_PAGE_LIMIT,
  type Memory,
  type MemoryAuthor,
  type MemoryCreate,
  type MemoryImportMode,
  type MemoryImportResult,
  type MemoryListItem,
  type MemoryListQuery,
  type MemoryPrefix,
  type MemorySearchResult,
  MemorySnapshot,
  type MemoryUpdate,
  type MemoryView,
  MemoryWrite,
} from "../schemas/memory";
import { type DeletedMemoryStore, type MemoryStore, MemoryStoreCreate, type MemoryStoreUpdate, type NewMemoryStore } from "../schemas/memory-store";
import type { Actor, MemoryVersion, MemoryVersionListQuery } from "../schemas/memory-version";
import { ObjectSchema } from "../storage/object-schema";
import { decodeCursor, toPage } from "../storage/page-cursor";
import { findAppliedWrite, recordAppliedWrite } from "./applied-writes";
import { digestContent } from "./content-digest";
import { listingItems, RPC_LIST_LIMIT, resumePoint } from "./memory-listing";
import { pathPrefixProblem } from "../schemas/memory-path";
import { boundedPathIndex, findMemory, type MemoryRow, memoriesInFolder, renderMemory } from "./memory-records";
import { indexMemory, searchIndex } from "./memory-search-index";
import { findVersionRow, pageVersions, redactVersionRow, renderVersion } from "./memory-version-log";
import {
  actorFor,
  type Change,
  insertMemory,
  linksOf,
  PERSON,
  parseLucidFields,
  removeMemory,
  requireDistinctPaths,
  requirePrecondition,
  reviseMemory,
  type Writer,
} from "./memory-writes";
import { mergeProvenance } from "./provenance";
import { MEMORY_STORE_MIGRATIONS } from "./schema";
import type { ArchiveRecord } from "../schemas/agent-archive";
import { type ArchiveCursor, type ArchivePage, readArchivePage } from "../archive/archive-rows";
import { abandonStaging, beginStaging, commitStaging, type StagingHost, stageRecords } from "../archive/archive-staging";
import { MEMORY_STORE_ARCHIVE_TABLES } from "./memory-store-archive-tables";
import { emitWebhookEvent } from "../webhooks/emit";
import { archiveStore, findStoreRow, insertStore, renderStore, type StoreRow, updateStore } from "./store-record";
import { quarantineRiskyEntries } from "./quarantine";
import { agentsUsingStore, pinForAgent, unpinForAgent } from "./agent-pins";

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const MEMORY_STORE_RPC = [
  "createStore",
  "getStore",
  "updateStore",
  "archiveStore",
  "deleteStore",
  "holdForDream",
  "releaseForDream",
  "pinForAgent",
  "unpinForAgent",
  "createMemory",
  "getMemory",
  "updateMemory",
  "deleteMemory",
  "listMemoryPage",
  "listVersions",
  "getVersion",
  "redactVersion",
  "writeMemory",
  "readMemory",
  "appliedWrite",
  "listMemories",
  "pathIndex",
  "searchMemories",
  "deleteMemoryAtPath",
  "exportSnapshot",
  "importSnapshot",
  "createFromSnapshot",
  "archivePage",
  "beginArchiveImport",
  "stageArchiveRecords",
  "commitArchiveImport",
  "abandonArchiveImport",
] as const satisfies RpcSurface<MemoryStoreObject>;

/** The calls that create a store, and with it its object's storage; before one of them, every other call finds no store. */
const STORE_CREATORS = ["createStore", "createFromSnapshot", "beginArchiveImport"] as const satisfies readonly (typeof MEMORY_STORE_RPC)[number][];

/** What calls answer on a store that was never created (a guessed id, another tenant's), which creates nothing. */
function absentStore(storeId: string): AbsentAnswers<MemoryStoreObject> {
  return { abandonArchiveImport: () => undefined, otherwise: () => notFound("Memory store", storeId) };
}

export class MemoryStoreObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly schema: ObjectSchema;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.schema = new ObjectSchema(this.sql, MEMORY_STORE_MIGRATIONS);
  }

  /** The one RPC entry point callers use (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, MEMORY_STORE_RPC, {
      schema: this.schema,
      creators: STORE_CREATORS,
      absent: absentStore(this.ctx.id.name ?? "(unnamed)"),
    });
  }

  // --- The store ---

  async createStore(tenantId: string, fields: NewMemoryStore): Promise<MemoryStore> {
    this.ctx.storage.transactionSync(() => this.insertNewStore(tenantId, fields));
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "memory_store.created", id: fields.id }, fields.id));
    return this.syncListing();
  }

  /**
   * Reserves the store for a dream that will update it in place. A store is the target of one such dream at a time:
   * two changesets computed from the same memories would overwrite each other.
   */
  holdForDream(tenantId: string, dreamId: string): void {
    const row = this.requireStore(tenantId);
    const holder = this.sql.exec<{ held_by_dream: string | null }>("SELECT held_by_dream FROM store").one().held_by_dream;
    if (holder && holder !== dreamId) {
      throw new ApiError("conflict_error", `Memory store '${row.id}' is already being updated in place by dream '${holder}'; wait for it to end.`);
    }
    this.sql.exec("UPDATE store SET held_by_dream = ?", dreamId);
  }

  releaseForDream(tenantId: string, dreamId: string): void {
    this.requireStore(tenantId);
    this.sql.exec("UPDATE store SET held_by_dream = NULL WHERE held_by_dream = ?", dreamId);
  }

  getStore(tenantId: string): MemoryStore {
    return renderStore(this.requireStore(tenantId));
  }

  async updateStore(tenantId: string, update: MemoryStoreUpdate): Promise<MemoryStore> {
    updateStore(this.sql, this.requireWritableStore(tenantId), update, new Date().toISOString());
    return this.syncListing();
  }

  async archiveStore(tenantId: string): Promise<MemoryStore> {
    const store = this.requireStore(tenantId);
    if (!store.archived_at) await this.refuseWhileAgentsUseStore(tenantId, store.id, "archived");
    archiveStore(this.sql, new Date().toISOString());
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "memory_store.archived", id: store.id }, store.id));
    return this.syncListing();
  }

  /** Deletes the store with all its memories and versions (the only way versions ever go). */
  async deleteStore(tenantId: string): Promise<DeletedMemoryStore> {
    const row = this.requireStore(tenantId);
    await this.refuseWhileAgentsUseStore(tenantId, row.id, "deleted");
    this.ctx.storage.transactionSync(() => {
      for (const table of ["memories_fts", "memory_versions", "memories", "applied_writes", "agent_pins", "store"]) this.sql.exec(`DELETE FROM ${table}`);
    });
    await directoryOf(this.env, row.tenant_id).removeListing("memory_store", row.id);
    return { id: row.id, type: "memory_store_deleted" };
  }

  /** An agent is about to use this store as its current memory (src/agent/memory-pointer.ts): refused if archived. */
  pinForAgent(tenantId: string, agentId: string): void {
    const row = this.requireStore(tenantId);
    if (row.archived_at) throw invalidRequest(`Memory store '${row.id}' is archived; an agent cannot use it as its memory.`);
    pinForAgent(this.sql, agentId);
  }

  unpinForAgent(tenantId: string, agentId: string): void {
    this.requireStore(tenantId);
    unpinForAgent(this.sql, agentId);
  }

  /**
   * Refuses to archive or delete the current memory of an agent: its later sessions and deployment runs would fail.
   * Nothing is awaited between this check and the caller's change, so no agent can adopt the store in between.
   */
  private async refuseWhileAgentsUseStore(tenantId: string, storeId: string, change: "archived" | "deleted"): Promise<void> {
    const agents = await agentsUsingStore(this.sql, this.env, tenantId, storeId);
    if (agents.length === 0) return;
    const named = agents.map((id) => `'${id}'`).join(", ");
    throw invalidRequest(
      `Memory store '${storeId}' is the current memory of agent${agents.length > 1 ? "s" : ""} ${named} and cannot be ${change}: ` +
        `point ${agents.length > 1 ? "them" : "it"} at another store first (POST /v1/agents/{id} with memory_store_id), or archive ${agents.length > 1 ? "them" : "it"}.`,
    );
  }

  // --- Memories, as the API reaches them ---

  async createMemory(tenantId: string, params: MemoryCreate, actor: Actor, view: MemoryView): Promise<Memory> {
    const digest = await digestContent(params.content);
    return this.write(tenantId, (store, at) => {
      const state = { path: params.path, content: params.content, digest, author: PERSON, provenance: [], last_confirmed_at: at };
      return renderMemory(insertMemory(this.sql, state, { actor, author: PERSON, at }), store.id, view);
    });
  }

  getMemory(tenantId: string, memoryId: string, view: MemoryView): Memory {
    const store = this.requireStore(tenantId);
    return renderMemory(this.requireMemory(memoryId, view), store.id, view);
  }

  async updateMemory(tenantId: string, memoryId: string, update: MemoryUpdate, actor: Actor, view: MemoryView): Promise<Memory> {
    const newDigest = update.content == null ? null : await digestContent(update.content);
    return this.write(tenantId, (store, at) => {
      const row = this.requireMemory(memoryId, "full");
      const path = update.path ?? row.path;
      const content = update.content ?? row.content;
      const changesNothing = path === row.path && content === row.content;
      requirePrecondition(row, update.precondition?.content_sha256, changesNothing, row.path);
      if (changesNothing) return renderMemory(row, store.id, view);
      const state = {
        path,
        content,
        digest: newDigest ?? { content_sha256: row.content_sha256, content_size_bytes: row.content_size_bytes },
        author: PERSON,
        provenance: parseLucidFields(row).provenance,
        last_confirmed_at: newDigest ? at : row.last_confirmed_at,
      };
      return renderMemory(reviseMemory(this.sql, row, state, { actor, author: PERSON, at }), store.id, view);
    });
  }

  /** Archived stores still allow deletes, as in the API. */
  deleteMemory(tenantId: string, memoryId: string, expectedSha: string | undefined, actor: Actor): DeletedMemory {
    return this.ctx.storage.transactionSync(() => {
      this.requireStore(tenantId);
      const row = this.requireMemory(memoryId, "basic");
      requirePrecondition(row, expectedSha, false, row.path);
      removeMemory(this.sql, row, { actor, author: PERSON, at: new Date().toISOString() });
      return { id: row.id, type: "memory_deleted" };
    });
  }

  /** One page of memories in path order; with a depth, deeper memories fold into folder markers (each counts as an item). */
  listMemoryPage(tenantId: string, query: MemoryListQuery): { data: MemoryListItem[]; next_page: string | null } {
    const store = this.requireStore(tenantId);
    const view = query.view ?? "basic";
    const limit = view === "full" ? Math.min(query.limit, FULL_VIEW_PAGE_LIMIT) : query.limit;
    const prefix = query.path_prefix ?? "/";
    const after = decodeCursor(query.page);
    const rows = memoriesInFolder(this.sql, prefix, view, after ? resumePoint(String(after.key)) : undefined);
    const items: (MemoryRow | MemoryPrefix)[] = [];
    for (const item of listingItems(rows, prefix, query.depth)) {
      items.push(item);
      if (items.length > limit) break;
    }
    const page = toPage(items, limit, (item) => ({ key: item.path, id: "id" in item ? item.id : "" }));
    return { data: page.data.map((item) => ("seq" in item ? renderMemory(item, store.id, view) : item)), next_page: page.next_page };
  }

  // --- Versions ---

  listVersions(tenantId: string, query: MemoryVersionListQuery) {
    return pageVersions(this.sql, this.requireStore(tenantId).id, query);
  }

  getVersion(tenantId: string, versionId: string, view: MemoryView): MemoryVersion {
    const store = this.requireStore(tenantId);
    return renderVersion(this.requireVersion(versionId), store.id, view);
  }

  /** Clears what a past version said. The current version of a live memory is changed by updating the memory instead. */
  redactVersion(tenantId: string, versionId: string, actor: Actor): MemoryVersion {
    return this.ctx.storage.transactionSync(() => {
      const store = this.requireStore(tenantId);
      const version = this.requireVersion(versionId);
      const live = findMemory(this.sql, { id: version.memory_id }, "basic");
      if (live?.memory_version_id === version.id) {
        throw invalidRequest(
          `Version '${versionId}' holds the current content of memory '${live.id}'; update or delete the memory first, then redact this version.`,
        );
      }
      redactVersionRow(this.sql, versionId, actor, new Date().toISOString());
      return renderVersion(this.requireVersion(versionId), store.id, "full");
    });
  }

  // --- Lucid's surface for sessions and dreams (and the search, export and import extensions) ---

  /**
   * Creates or updates the memory at a path; evidence accumulates, and support counts distinct sessions. A write
   * whose `operation_id` was applied before answers with that memory as it is now and changes nothing.
   */
  async writeMemory(tenantId: string, params: MemoryWrite): Promise<Memory> {
    const write = parseOrThrow(MemoryWrite, params, "memory write");
    const digest = await digestContent(write.content);
    return this.write(tenantId, (store, at) => {
      const applied = write.operation_id === undefined ? null : findAppliedWrite(this.sql, write.operation_id);
      if (applied) return renderMemory(this.requireMemory(applied, "full"), store.id, "full");
      const row = findMemory(this.sql, { path: write.path });
      const changesNothing = row?.content === write.content;
      requirePrecondition(row, write.expected_content_sha256, changesNothing, write.path);
      const current = row ? parseLucidFields(row) : null;
      const state = {
        path: write.path,
        content: write.content,
        digest,
        author: changesNothing && current ? current.author : write.author,
        provenance: mergeProvenance(current?.provenance ?? [], write.provenance ?? []),
        last_confirmed_at: at,
      };
      const change: Change = { actor: actorFor(write.author, null), author: write.author, at };
      const written = row ? reviseMemory(this.sql, row, state, change) : insertMemory(this.sql, state, change);
      if (write.operation_id !== undefined) recordAppliedWrite(this.sql, write.operation_id, written.id, at);
      return renderMemory(written, store.id, "full");
    });
  }

  readMemory(tenantId: string, path: string): Memory | null {
    const store = this.requireStore(tenantId);
    const row = findMemory(this.sql, { path });
    return row ? renderMemory(row, store.id, "full") : null;
  }

  /** The memory that the write with this `operation_id` made, as it is now; null if no such write was applied. */
  appliedWrite(tenantId: string, operationId: string): Memory | null {
    const store = this.requireStore(tenantId);
    const memoryId = findAppliedWrite(this.sql, operationId);
    const row = memoryId ? findMemory(this.sql, { id: memoryId }, "full") : null;
    return row ? renderMemory(row, store.id, "full") : null;
  }

  /** Memories below a folder ("/" by default), without content, in path order: at most `limit` (RPC values are bounded, stores are not). */
  /** `excludedFolders` leaves folders out (a session's tools skip the quarantine folder). */
  listMemories(tenantId: string, prefix = "/", limit = RPC_LIST_LIMIT, excludedFolders: readonly string[] = []): Memory[] {
    const store = this.requireStore(tenantId);
    const problem = pathPrefixProblem(prefix);
    if (problem) throw invalidRequest(`prefix: ${problem}`);
    const memories: Memory[] = [];
    for (const row of memoriesInFolder(this.sql, prefix, "basic")) {
      if (memories.length === limit) break;
      if (excludedFolders.some((folder) => row.path.startsWith(folder))) continue;
      memories.push(renderMemory(row, store.id, "basic"));
    }
    return memories;
  }

  /** A bounded index for a session's memory block: never the whole store, whatever its size. */
  pathIndex(tenantId: string, limit: number, excludedFolders: readonly string[]) {
    this.requireStore(tenantId);
    return boundedPathIndex(this.sql, limit, excludedFolders);
  }

  /** `excludedFolders` leaves folders out (sessions skip the superseded and quarantine folders); people search everything. */
  searchMemories(tenantId: string, query: string, limit: number, excludedFolders: readonly string[] = []): MemorySearchResult[] {
    const store = this.requireStore(tenantId);
    return searchIndex(this.sql, query, limit, excludedFolders).flatMap((hit) => {
      const row = findMemory(this.sql, { seq: hit.seq });
      return row ? [{ memory: renderMemory(row, store.id, "full"), score: hit.score, snippet: hit.snippet }] : [];
    });
  }

  deleteMemoryAtPath(tenantId: string, path: string, author: MemoryAuthor): DeletedMemory {
    return this.ctx.storage.transactionSync(() => {
      this.requireStore(tenantId);
      const row = findMemory(this.sql, { path }, "basic");
      if (!row) throw notFound("Memory at path", path);
      removeMemory(this.sql, row, { actor: actorFor(author, null), author, at: new Date().toISOString() });
      return { id: row.id, type: "memory_deleted" };
    });
  }

  /** Every live memory in path order, with its content and Lucid metadata. */
  exportSnapshot(tenantId: string): MemorySnapshot {
    this.requireStore(tenantId);
    const memories = [...memoriesInFolder(this.sql, "/", "full")].map((row) => ({
      path: row.path,
      content: row.content,
      ...parseLucidFields(row),
      last_confirmed_at: row.last_confirmed_at,
    }));
    return { memories };
  }

  /**
   * Writes a snapshot into this store, each new or changed memory as a version by the author it records (under the
   * writer's actor unless that author is a session). `merge` keeps memories the snapshot does not name; `replace`
   * deletes them in the writer's name, so the store ends up holding exactly the snapshot. A `bundle` is text from a
   * file, untrusted by definition: memories the poisoning screen finds risky go under the quarantine folder instead. A
   * `dream` output was screened already, its quarantined operations held for a person, so it is written as it is.
   */
  async importSnapshot(
    tenantId: string,
    snapshot: MemorySnapshot,
    mode: MemoryImportMode,
    writer: Writer,
    source: "bundle" | "dream",
  ): Promise<MemoryImportResult> {
    const parsed = parseOrThrow(MemorySnapshot, snapshot, "snapshot").memories;
    const { entries: memories, quarantined } = source === "dream" ? { entries: parsed, quarantined: 0 } : quarantineRiskyEntries(parsed);
    requireDistinctPaths(memories);
    const digests = await Promise.all(memories.map((entry) => digestContent(entry.content)));
    return this.write(tenantId, (_store, at) => {
      const result: MemoryImportResult = { type: "memory_import", created: 0, modified: 0, deleted: 0, unchanged: 0, quarantined };
      if (mode === "replace") result.deleted = this.removeAllExcept(new Set(memories.map((entry) => entry.path)), { ...writer, at });
      for (const [index, entry] of memories.entries()) {
        const row = findMemory(this.sql, { path: entry.path });
        const state = { ...entry, links: linksOf(entry), digest: digests[index]! };
        const change = { actor: actorFor(entry.author, writer.actor), author: entry.author, at };
        if (!row) {
          insertMemory(this.sql, state, change);
          result.created++;
          continue;
        }
        const rewritten = row.content_sha256 !== state.digest.content_sha256;
        reviseMemory(this.sql, row, state, change);
        if (rewritten) result.modified++;
        else result.unchanged++;
      }
      return result;
    });
  }

  /**
   * Initialises this new, empty store from a snapshot in one transaction. Dreams build their output store this
   * way and never touch their input. Memories keep their recorded Lucid metadata; the versions name `author`.
   */
  async createFromSnapshot(tenantId: string, fields: NewMemoryStore, snapshot: MemorySnapshot, author: MemoryAuthor): Promise<MemoryStore> {
    const { memories } = parseOrThrow(MemorySnapshot, snapshot, "snapshot");
    requireDistinctPaths(memories);
    const digests = await Promise.all(memories.map((entry) => digestContent(entry.content)));
    this.ctx.storage.transactionSync(() => {
      const store = this.insertNewStore(tenantId, fields);
      const change = { actor: actorFor(author, null), author, at: store.created_at };
      memories.forEach((entry, index) => insertMemory(this.sql, { ...entry, links: linksOf(entry), digest: digests[index]! }, change));
    });
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "memory_store.created", id: fields.id }, fields.id));
    return this.syncListing();
  }

  // --- Archive: the store as part of an agent archive (src/agent/agent-archive-*.ts) ---

  archivePage(tenantId: string, cursor: ArchiveCursor): ArchivePage {
    const store = this.requireStore(tenantId);
    return readArchivePage(this.sql, MEMORY_STORE_ARCHIVE_TABLES, cursor, store.id);
  }

  beginArchiveImport(importId: string): void {
    beginStaging(this.archiveStaging(), importId);
  }

  stageArchiveRecords(importId: string, records: ArchiveRecord[], firstLine: number): void {
    stageRecords(this.archiveStaging(), importId, records, firstLine);
  }

  /** Makes the restored store live, its search index rebuilt from its memories in the same transaction. */
  async commitArchiveImport(tenantId: string, importId: string): Promise<MemoryStore> {
    commitStaging(this.archiveStaging(), importId, tenantId, () => {
      for (const row of memoriesInFolder(this.sql, "/", "full")) indexMemory(this.sql, row.seq, row.path, row.content);
    });
    return this.syncListing();
  }

  abandonArchiveImport(importId: string): void {
    abandonStaging(this.archiveStaging(), importId);
  }

  private archiveStaging(): StagingHost {
    const what = `Memory store '${this.ctx.id.name}'`;
    return { storage: this.ctx.storage, sql: this.sql, tables: MEMORY_STORE_ARCHIVE_TABLES, what, exists: findStoreRow(this.sql) !== null };
  }

  // --- Helpers ---

  private insertNewStore(tenantId: string, fields: NewMemoryStore): StoreRow {
    const { id, ...requested } = fields;
    const { name, description, metadata } = parseOrThrow(MemoryStoreCreate, requested, "memory store");
    // The id names the object, so a store made on any other object could never be reached by its id.
    const objectName = this.ctx.id.name;
    if (objectName !== undefined && objectName !== id) throw new Error(`memory store ${id} created on the object named ${objectName}`);
    if (findStoreRow(this.sql)) throw invalidRequest(`Memory store '${id}' already exists.`);
    insertStore(this.sql, tenantId, { id, name, description, metadata }, new Date().toISOString());
    return this.requireStore(tenantId);
  }

  /** Runs a change to memories in one transaction, on a store of this tenant that is not archived. */
  private write<T>(tenantId: string, change: (store: StoreRow, at: string) => T): T {
    return this.ctx.storage.transactionSync(() => change(this.requireWritableStore(tenantId), new Date().toISOString()));
  }

  private removeAllExcept(keep: Set<string>, change: Change): number {
    const doomed = [...memoriesInFolder(this.sql, "/", "basic")].filter((row) => !keep.has(row.path));
    for (const row of doomed) removeMemory(this.sql, row, change);
    return doomed.length;
  }

  /** The store, if it exists and belongs to this tenant; any other tenant is told it does not exist. */
  private requireStore(tenantId: string): StoreRow {
    const row = findStoreRow(this.sql);
    if (!row || row.tenant_id !== tenantId) throw notFound("Memory store", this.ctx.id.name ?? "(unnamed)");
    return row;
  }

  private requireWritableStore(tenantId: string): StoreRow {
    const row = this.requireStore(tenantId);
    if (row.archived_at) {
      throw invalidRequest(`Memory store '${row.id}' is archived; its memories can be read and deleted but not created or changed.`);
    }
    return row;
  }

  private requireMemory(memoryId: string, view: MemoryView): MemoryRow {
    const row = findMemory(this.sql, { id: memoryId }, view);
    if (!row) throw notFound("Memory", memoryId);
    return row;
  }

  private requireVersion(versionId: string) {
    const row = findVersionRow(this.sql, versionId);
    if (!row) throw notFound("Memory version", versionId);
    return row;
  }

  private async syncListing(): Promise<MemoryStore> {
    const row = findStoreRow(this.sql);
    if (!row) throw new Error("memory store object has no store");
    const store = renderStore(row);
    await directoryOf(this.env, row.tenant_id).putListing("memory_store", {
      id: store.id,
      created_at: store.created_at,
      archived: store.archived_at !== null,
      body: store,
    });
    return store;
  }
}

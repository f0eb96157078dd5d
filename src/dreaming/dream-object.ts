// DreamObject: one per dream. Runs the checkpointed three-phase pipeline from its alarm, holds the changeset for
// review when it must, writes the output store, and hosts the dream's read-only progress session.
import { DurableObject } from "cloudflare:workers";
import { ApiError, invalidRequest, notFound } from "../platform/errors";
import { type AbsentAnswers, invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import { agentOf, directoryOf, memoryStoreOf } from "../platform/stubs";
import { dreamProgressLog, type EventPageQuery, seqOfEvent } from "../transcript/event-log";
import { LiveStreams } from "../transcript/live-stream";
import type { Env } from "../env";
import { passCrashPointAfterCommit, SimulatedCrash } from "../faults/crash-points";
import { agentIdOfSession, dreamSessionId, newMemoryStoreId } from "../ids";
import { retryDelayMs, type RetryPolicy, retryPolicyFrom } from "../model/backoff";
import { createModelClient } from "../model/model-client";
import { classifyModelError } from "../model/model-error";
import type { MemoryEntry } from "../schemas/dream";
import type { AppendArgs, DreamProgressEventOf, DreamProgressEventType } from "../schemas/recorded-events";
import type { Dream, DreamApproval } from "../schemas/dream-resource";
import type { Session } from "../schemas/session";
import { ObjectSchema } from "../storage/object-schema";
import { guardOperations } from "./curation-guards";
import {
  type DreamRequest,
  dreamChangeset,
  dreamRequest,
  dreamReview,
  type DreamRow,
  findDream,
  insertDream,
  renderDream,
  requireDream,
  updateDream,
} from "./dream-record";
import {
  advanceDream,
  APPROVED_OPERATIONS,
  type DreamHost,
  DreamFailure,
  type DreamInputs,
  type DreamNotice,
  getCheckpoint,
  putCheckpoint,
  STORE_BUDGET,
} from "./dream-runner";
import { DREAM_MIGRATIONS } from "./dream-schema";
import type { ArchiveRecord } from "../schemas/agent-archive";
import { type ArchiveCursor, type ArchivePage, readArchivePage } from "../archive/archive-rows";
import { abandonStaging, beginStaging, commitStaging, type StagingHost, stageRecords } from "../archive/archive-staging";
import { DREAM_ARCHIVE_TABLES } from "./dream-archive-tables";
import { toMemoryEntries, toSnapshot } from "./memory-entries";
import { notifyDream } from "./dream-notices";
import { selectOperations } from "./review-selection";
import { digestSession } from "../transcript/session-digest";

const readOnlySession = () => invalidRequest("A dream's progress session is read-only: it accepts no events and no changes.");

export interface NewDream {
  id: string;
  agent_id: string | null;
  mode: "auto" | "review";
  request: DreamRequest;
}

/** The progress session makes no model calls of its own; the dream's usage is on the dream. */
const NO_USAGE = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0 }, list_cost: null };

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const DREAM_RPC = [
  "createDream",
  "getDream",
  "cancelDream",
  "archiveDream",
  "approveDream",
  "rejectDream",
  "getSession",
  "listEvents",
  "sendEvents",
  "updateSession",
  "archiveSession",
  "deleteSession",
  "closeStreamsOfKey",
  "archivePage",
  "beginArchiveImport",
  "stageArchiveRecords",
  "commitArchiveImport",
  "abandonArchiveImport",
] as const satisfies RpcSurface<DreamObject>;

/** The calls that create a dream, and with it its object's storage; before one of them, every other call finds no dream. */
const DREAM_CREATORS = ["createDream", "beginArchiveImport"] as const satisfies readonly (typeof DREAM_RPC)[number][];

/** What calls answer on a dream that was never created (a guessed id, another tenant's), which creates nothing. */
function absentDream(dreamId: string): AbsentAnswers<DreamObject> {
  const noSession = (_tenantId: string, _agentId: string, sessionId: string) => {
    throw notFound("Session", sessionId);
  };
  const refuse = () => {
    throw readOnlySession();
  };
  return {
    getSession: noSession,
    listEvents: noSession,
    sendEvents: refuse,
    updateSession: refuse,
    archiveSession: refuse,
    deleteSession: refuse,
    abandonArchiveImport: () => undefined,
    otherwise: () => notFound("Dream", dreamId),
  };
}

export class DreamObject extends DurableObject<Env> {
  readonly sql: SqlStorage;
  private readonly schema: ObjectSchema;
  private readonly retryPolicy: RetryPolicy;
  private readonly live: LiveStreams;
  /** What the dream runner needs of this object (dreaming/dream-runner.ts): private, so no caller reaches it by RPC. */
  private readonly host: DreamHost;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.retryPolicy = retryPolicyFrom(env);
    this.live = new LiveStreams(ctx);
    this.schema = new ObjectSchema(this.sql, DREAM_MIGRATIONS);
    this.host = {
      sql: this.sql,
      modelClient: () => createModelClient(env),
      progress: (type, ...args) => this.progress(type, ...args),
      readInputs: (row) => this.readInputs(row),
      writeOutput: (row, memories) => this.writeOutput(row, memories),
      adoptOutput: (row, storeId) => this.adoptOutput(row, storeId),
      releaseTarget: () => this.releaseTarget(),
      notify: (notice) => this.notify(notice),
      crashPoint: (point) => passCrashPointAfterCommit(ctx, point),
    };
  }

  /** The one RPC entry point the API edge calls (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, DREAM_RPC, {
      schema: this.schema,
      creators: DREAM_CREATORS,
      absent: absentDream(this.ctx.id.name ?? "(unnamed)"),
    });
  }

  // --- The dream resource ---

  async createDream(tenantId: string, dream: NewDream): Promise<Dream> {
    if (findDream(this.sql)) throw invalidRequest(`Dream '${dream.id}' already exists.`);
    insertDream(this.sql, { ...dream, tenant_id: tenantId });
    await this.ctx.storage.setAlarm(Date.now());
    return this.syncListing();
  }

  getDream(tenantId: string, dreamId: string): Dream {
    return renderDream(requireDream(this.sql, tenantId, dreamId));
  }

  async cancelDream(tenantId: string, dreamId: string): Promise<Dream> {
    const row = requireDream(this.sql, tenantId, dreamId);
    if (row.status === "completed" || row.status === "failed") throw invalidRequest(`Dream '${dreamId}' has already ${row.status}.`);
    if (row.phase === "writing") throw invalidRequest(`Dream '${dreamId}' is writing its output and can no longer be canceled.`);
    if (row.status !== "canceled") this.finish("canceled", null);
    return this.syncListing();
  }

  async archiveDream(tenantId: string, dreamId: string): Promise<Dream> {
    const row = requireDream(this.sql, tenantId, dreamId);
    if (row.status === "pending" || row.status === "running") throw invalidRequest(`Dream '${dreamId}' is ${row.status}; cancel it before archiving.`);
    if (!row.archived_at) updateDream(this.sql, { archived_at: new Date().toISOString() });
    return this.syncListing();
  }

  /** Approves all or some of the held changeset (contents possibly edited); the output is written by the alarm. */
  async approveDream(tenantId: string, dreamId: string, approval: DreamApproval): Promise<Dream> {
    const row = this.requireAwaitingReview(tenantId, dreamId);
    const changeset = dreamChangeset(row)!;
    const approvedIds = approval.operation_ids ?? changeset.operations.map((operation) => operation.id);
    const selected = selectOperations(changeset, approvedIds, approval.edits ?? []);
    // An edit can duplicate a memory and a partial approval can drop an operation another relied on: guard again.
    const inputs = getCheckpoint<DreamInputs>(this.sql, "inputs")!;
    const regarded = await guardOperations(selected, inputs.memories, {
      dreamId,
      windowSessionIds: inputs.digests.map((digest) => digest.session_id),
      ...STORE_BUDGET,
    });
    if (regarded.refused.length) {
      throw invalidRequest(
        `The approved operations cannot be applied: ${regarded.refused.map((refusal) => `${refusal.operation.id}: ${refusal.why}`).join("; ")}`,
      );
    }
    putCheckpoint(this.sql, APPROVED_OPERATIONS, regarded.operations);
    updateDream(this.sql, {
      phase: "writing",
      review: {
        ...dreamReview(row),
        state: "approved",
        approved_operation_ids: approvedIds,
        edits: (approval.edits ?? []).filter((edit) => approvedIds.includes(edit.operation_id)),
        decided_at: new Date().toISOString(),
      },
    });
    this.progress("lucid.dream_review", { decision: "approved", operation_ids: approvedIds, edited: (approval.edits ?? []).map((edit) => edit.operation_id) });
    await this.ctx.storage.setAlarm(Date.now());
    return this.syncListing();
  }

  async rejectDream(tenantId: string, dreamId: string): Promise<Dream> {
    const row = this.requireAwaitingReview(tenantId, dreamId);
    updateDream(this.sql, { review: { ...dreamReview(row), state: "rejected", decided_at: new Date().toISOString() } });
    this.progress("lucid.dream_review", { decision: "rejected" });
    this.finish("canceled", null);
    return this.syncListing();
  }

  // --- The progress session (read-only), served like any session ---

  getSession(tenantId: string, _agentId: string, sessionId: string): Session {
    const row = this.requireDreamSession(tenantId, sessionId);
    const request = dreamRequest(row);
    const running = row.status === "pending" || row.status === "running";
    const now = new Date().toISOString();
    return {
      id: sessionId,
      type: "session",
      agent: {
        id: row.agent_id ?? "dreamer",
        type: "agent",
        version: 1,
        name: `Dream ${row.id}`,
        model: request.model,
        description: "The dream pipeline; this session only reports its progress.",
        system: null,
        tools: [],
        execution_identity: { type: "service_account" },
        mcp_servers: [],
        skills: [],
        multiagent: null,
      },
      environment_id: "",
      status: running && row.phase !== "awaiting_review" ? "running" : row.status === "failed" ? "terminated" : "idle",
      title: `Dream ${row.id}`,
      metadata: {},
      usage: NO_USAGE,
      stats: { active_seconds: 0, duration_seconds: 0 },
      resources: [],
      outcome_evaluations: [],
      vault_ids: [],
      budget: null,
      created_at: row.created_at,
      updated_at: row.ended_at ?? now,
      archived_at: row.archived_at,
      stop_reason: running ? null : { type: "end_turn" },
      grader_usage: NO_USAGE,
    };
  }

  listEvents(tenantId: string, _agentId: string, sessionId: string, query: EventPageQuery) {
    this.requireDreamSession(tenantId, sessionId);
    return dreamProgressLog.page(this.sql, sessionId, query);
  }

  sendEvents(): never {
    throw readOnlySession();
  }

  updateSession(): never {
    throw readOnlySession();
  }

  archiveSession(): never {
    throw readOnlySession();
  }

  deleteSession(): never {
    throw readOnlySession();
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const sessionId = url.searchParams.get("session") ?? "";
    try {
      if (!this.schema.exists) throw notFound("Session", sessionId);
      this.requireDreamSession(request.headers.get("x-lucid-tenant") ?? "", sessionId);
      const after = url.searchParams.get("after") || request.headers.get("last-event-id");
      const backlog = dreamProgressLog.read(this.sql, sessionId, after ? seqOfEvent(this.sql, sessionId, after) : 0).map((stored) => stored.event);
      const keyId = request.headers.get("x-lucid-api-key");
      return request.headers.get("upgrade")?.toLowerCase() === "websocket"
        ? this.live.openWebSocket(sessionId, backlog, false, keyId)
        : this.live.openSse(sessionId, backlog, false, keyId);
    } catch (error) {
      if (error instanceof ApiError) return Response.json(error.toBody(), { status: error.status });
      throw error;
    }
  }

  /** Ends the streams a revoked key opened here (called by the tenant's directory); how many were open. */
  closeStreamsOfKey(keyId: string): number {
    return this.live.closeStreamsOfKey(keyId);
  }

  // --- The alarm runs one checkpointed unit of work per invocation ---

  override async alarm(): Promise<void> {
    if (!this.schema.exists) return; // no dream, so nothing to run
    const before = findDream(this.sql);
    try {
      const more = await advanceDream(this.host);
      if (findDream(this.sql)?.retry_attempt) updateDream(this.sql, { retry_attempt: 0 });
      if (more && this.stillRunning()) await this.ctx.storage.setAlarm(Date.now());
    } catch (error) {
      // A crash is no failure of the dream: the reset object's alarm runs the unit again from its checkpoint.
      if (error instanceof SimulatedCrash) throw error;
      await this.recordFailure(error, before?.retry_attempt ?? 0);
    }
    await this.syncListing();
  }

  // --- What the dream runner needs (this.host) ---

  /** Appends an event to the dream's progress session and sends it to live readers. */
  private progress<T extends DreamProgressEventType>(type: T, ...args: AppendArgs<DreamProgressEventOf<T>>): void {
    const row = findDream(this.sql);
    if (!row) return;
    const { event } = dreamProgressLog.append(this.sql, dreamSessionId(row.id), type, ...args);
    this.live.publish(dreamSessionId(row.id), event);
  }

  private async readInputs(row: DreamRow): Promise<DreamInputs> {
    const request = dreamRequest(row);
    const storeInput = request.inputs.find((input) => input.type === "memory_store")!;
    const sessionsInput = request.inputs.find((input) => input.type === "sessions")!;
    const byAgent = new Map<string, string[]>();
    for (const sessionId of sessionsInput.session_ids) {
      const agentId = agentIdOfSession(sessionId);
      if (!agentId) throw new DreamFailure("invalid_request_error", `'${sessionId}' is not a session this dream can read.`);
      byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), sessionId]);
    }
    const transcripts = (
      await Promise.all([...byAgent].map(([agentId, sessionIds]) => agentOf(this.env, agentId).exportTranscripts(row.tenant_id, agentId, sessionIds)))
    ).flat();
    const snapshot = await memoryStoreOf(this.env, storeInput.memory_store_id).exportSnapshot(row.tenant_id);
    return {
      digests: transcripts.map((transcript) => digestSession(transcript.session_id, transcript.events, transcript.origin)),
      memories: await toMemoryEntries(snapshot),
    };
  }

  private async writeOutput(row: DreamRow, memories: MemoryEntry[]): Promise<string> {
    const request = dreamRequest(row);
    const snapshot = toSnapshot(memories);
    const author = { type: "dream" as const, id: row.id };
    if (request.output_behavior.type === "update_existing") {
      const storeId = request.output_behavior.memory_store_id;
      await memoryStoreOf(this.env, storeId).importSnapshot(row.tenant_id, snapshot, "replace", { actor: null, author }, "dream");
      return storeId;
    }
    // The new store's id is chosen once and saved, so a retried write finds the store it already made.
    let storeId = getCheckpoint<string>(this.sql, "output_store_id");
    if (!storeId) {
      storeId = newMemoryStoreId();
      putCheckpoint(this.sql, "output_store_id", storeId);
    }
    const store = memoryStoreOf(this.env, storeId);
    const existing = await store.getStore(row.tenant_id).catch(() => null);
    if (!existing) {
      const input = request.inputs.find((item) => item.type === "memory_store")!;
      const source = await memoryStoreOf(this.env, input.memory_store_id).getStore(row.tenant_id);
      await store.createFromSnapshot(
        row.tenant_id,
        { id: storeId, name: `${source.name} (dream ${row.id})`.slice(0, 255), description: `Written by dream ${row.id} from ${source.id}.` },
        snapshot,
        author,
      );
    }
    return storeId;
  }

  /** A dream updating its input in place lets go of it when it ends, however it ends. */
  private async releaseTarget(): Promise<void> {
    const row = findDream(this.sql);
    const target = row && dreamRequest(row).output_behavior;
    if (row && target?.type === "update_existing") await memoryStoreOf(this.env, target.memory_store_id).releaseForDream(row.tenant_id, row.id);
  }

  private async adoptOutput(row: DreamRow, storeId: string): Promise<void> {
    if (row.agent_id) await agentOf(this.env, row.agent_id).adoptDreamOutput(row.tenant_id, row.agent_id, row.id, storeId);
  }

  private async notify(notice: DreamNotice): Promise<void> {
    const row = findDream(this.sql);
    if (row) await notifyDream(this.env, row.tenant_id, notice, renderDream(row));
  }

  // --- Archive: the dream as part of its agent's archive (src/agent/agent-archive-*.ts) ---

  archivePage(tenantId: string, dreamId: string, cursor: ArchiveCursor): ArchivePage {
    requireDream(this.sql, tenantId, dreamId);
    return readArchivePage(this.sql, DREAM_ARCHIVE_TABLES, cursor, dreamId);
  }

  beginArchiveImport(importId: string): void {
    beginStaging(this.archiveStaging(), importId);
  }

  stageArchiveRecords(importId: string, records: ArchiveRecord[], firstLine: number): void {
    stageRecords(this.archiveStaging(), importId, records, firstLine);
  }

  /** Makes the restored dream live; one exported mid-pipeline resumes from its checkpoints, one held for review waits. */
  async commitArchiveImport(tenantId: string, importId: string): Promise<Dream> {
    commitStaging(this.archiveStaging(), importId, tenantId);
    if (this.stillRunning()) await this.ctx.storage.setAlarm(Date.now());
    return this.syncListing();
  }

  abandonArchiveImport(importId: string): void {
    abandonStaging(this.archiveStaging(), importId);
  }

  private archiveStaging(): StagingHost {
    return {
      storage: this.ctx.storage,
      sql: this.sql,
      tables: DREAM_ARCHIVE_TABLES,
      what: `Dream '${this.ctx.id.name}'`,
      exists: findDream(this.sql) !== null,
    };
  }

  // --- Helpers ---

  private stillRunning(): boolean {
    const row = findDream(this.sql);
    return !!row && (row.status === "pending" || row.status === "running") && row.phase !== "awaiting_review";
  }

  /** Model errors that may pass are retried with backoff; anything else fails the dream with the reason. */
  private async recordFailure(error: unknown, attempt: number): Promise<void> {
    if (!this.stillRunning()) return;
    if (!(error instanceof DreamFailure)) {
      const failure = classifyModelError(error);
      if (failure.kind === "retryable" && attempt + 1 < this.retryPolicy.maxAttempts) {
        updateDream(this.sql, { retry_attempt: attempt + 1 });
        this.progress("session.error", { error: { type: failure.type, message: failure.message, retry_status: { type: "retrying" } } });
        await this.ctx.storage.setAlarm(Date.now() + retryDelayMs(this.retryPolicy, attempt + 1, failure.retryAfterMs));
        return;
      }
      const message = failure.kind === "aborted" ? "The model call was aborted." : failure.message;
      this.progress("session.error", {
        error: {
          type: failure.kind === "aborted" ? "unknown_error" : failure.type,
          message,
          retry_status: { type: failure.kind === "retryable" ? "exhausted" : "terminal" },
        },
      });
      this.finish("failed", { type: failure.kind === "aborted" ? "api_error" : failure.type, message });
    } else {
      this.progress("session.error", { error: { type: "unknown_error", message: error.message, retry_status: { type: "terminal" } } });
      this.finish("failed", { type: error.type, message: error.message });
    }
    await this.notify("dream.failed");
  }

  private finish(status: "failed" | "canceled", error: { type: string; message: string } | null): void {
    updateDream(this.sql, { status, error, phase: "done", ended_at: new Date().toISOString() });
    this.ctx.waitUntil(this.releaseTarget());
    if (status === "failed") this.progress("session.status_terminated");
    else this.progress("session.status_idle", { stop_reason: { type: "end_turn" }, stop_details: null });
    void this.ctx.storage.deleteAlarm();
  }

  private requireAwaitingReview(tenantId: string, dreamId: string): DreamRow {
    const row = requireDream(this.sql, tenantId, dreamId);
    if (row.phase !== "awaiting_review") throw invalidRequest(`Dream '${dreamId}' is not awaiting review (it is ${row.status}, ${row.phase}).`);
    return row;
  }

  private requireDreamSession(tenantId: string, sessionId: string): DreamRow {
    const row = findDream(this.sql);
    if (!row || row.tenant_id !== tenantId || dreamSessionId(row.id) !== sessionId)
      throw new ApiError("not_found_error", `Session '${sessionId}' was not found.`);
    return row;
  }

  private async syncListing(): Promise<Dream> {
    const row = findDream(this.sql);
    if (!row) throw new Error("dream object has no dream");
    const dream = renderDream(row);
    await directoryOf(this.env, row.tenant_id).putListing("dream", {
      id: dream.id,
      created_at: dream.created_at,
      archived: dream.archived_at !== null,
      agent_id: dream.agent_id ?? undefined,
      status: dream.status,
      body: dream,
    });
    return dream;
  }
}

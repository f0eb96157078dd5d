// AgentObject: one per agent. Its versioned config, its sessions and their transcripts, and one alarm driving all due work.
import type Anthropic from "@anthropic-ai/sdk";
import { DurableObject } from "cloudflare:workers";
import { ApiError, conflict, echoed, invalidRequest, notFound } from "../platform/errors";
import { type AbsentAnswers, invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import { directoryOf, dreamOf, memoryStoreOf, orchestratorOf, workspaceOf } from "../platform/stubs";
import type { Env } from "../env";
import { type CrashPoint, passCrashPointAfterCommit } from "../faults/crash-points";
import { newDreamId, newEventId, newMemoryStoreId } from "../ids";
import { type RetryPolicy, retryPolicyFrom } from "../model/backoff";
import { createModelClient } from "../model/model-client";
import type { Agent, AgentConfig, AgentUpdate } from "../schemas/agent";
import { applyMetadataPatch, type Json, type Metadata } from "../schemas/common";
import type { Dream } from "../schemas/dream-resource";
import type { Deployment, DeploymentCreate, DeploymentUpdate } from "../schemas/deployment";
import type { DeploymentRun } from "../schemas/deployment-run";
import type { DeploymentHost } from "../deployments/deployment-host";
import * as deployments from "../deployments/deployment-lifecycle";
import { announceSettledRun, fireDeployment, getDeploymentRun, runDeploymentNow } from "../deployments/deployment-runs";
import { settleRunOfSession } from "../deployments/run-store";
import type { MemoryStoreResourceParam, Session, SessionUpdate } from "../schemas/session";
import type { DefineOutcomeParam } from "../schemas/outcome";
import type { ContentBlock, EventParam, InitialEvent, SessionEvent } from "../schemas/session-event";
import { acceptOutcome, applyDefaultOutcome, interruptEvaluation, openEvaluationStart, requireOutcomeAcceptable } from "../outcomes/outcome-flow";
import { openOutcome, renderOutcome, sessionOutcomes } from "../outcomes/outcome-store";
import { ObjectSchema } from "../storage/object-schema";
import { BUILTIN_TOOLS } from "../tools/registry";
import type { ToolOutcome } from "../tools/tool-outcome";
import type { ToolContext } from "../tools/toolset";
import type { Multiagent } from "../schemas/multiagent";
import { snapshotRoster } from "../multiagent/roster";
import { buildThreadReport, scheduleThreadCallback } from "../multiagent/thread-report";
import type { ArchiveRecord } from "../schemas/agent-archive";
import { type ArchiveCursor, type ArchivePage, readArchivePage } from "../archive/archive-rows";
import { abandonStaging, beginStaging, commitStaging, type StagingHost, stageRecords } from "../archive/archive-staging";
import { AGENT_ARCHIVE_TABLES } from "./agent-archive-tables";
import { planDream, readDreamState, recordDreamSkipped, recordDreamStarted, recordNextDream, unfinishedDreamReason } from "./agent-dreams";
import { findAgentRow, insertAgent, pageAgentVersions, renderAgent, updateAgentConfig } from "./agent-versions";
import { nextDreamAt } from "./dream-cadence";
import { appendEvent, type EventPageQuery, pageEvents, readEvents, seqOfEvent } from "../transcript/event-log";
import { deliverQueuedMessages, queueMessage } from "./inbox";
import { LiveStreams } from "../transcript/live-stream";
import type { PreviewFrame } from "../schemas/preview-frame";
import { emitWebhookEvent } from "../webhooks/emit";
import { announcedByWebhook, emitSessionStatusWebhooks } from "../webhooks/session-status-events";
import { agentUsesStore, currentMemoryStore, moveToStore, PointerMoves, type PointerHost, releaseStore, rollBackStore } from "./memory-pointer";
import { allWork, cancelWork, completeWork, deferWork, dueWork, putWork, type ScheduledWork, type WorkKind, workKey } from "../schedule/work-schedule";
import { AGENT_MIGRATIONS } from "./schema";
import { attachedStores, loadSessionMemory, resolveAttachments } from "./session-memory";
import { reflectOnSession } from "./session-reflection";
import { runSessionStep } from "./session-runner";
import { sessionWorkspaceId } from "./session-workspace";
import type { StepHost } from "./step-host";
import { type Append, markIdle, markRunning } from "./session-status";
import { findSession, insertSession, renderSession, requireSession, sessionMultiagent, sessionResources } from "./session-store";
import { pendingBuiltinToolUses, pendingCustomToolUses } from "./transcript";

/** How long failed work waits before its next try. */
const FAILED_WORK_RETRY_MS = 5_000;

/** How long in-flight work may go without finishing before the alarm assumes it died with the object and re-runs it. */
const WATCHDOG_MS = 60_000;
/** How soon a thread's callback to an unreachable orchestrator is tried again. */
const THREAD_CALLBACK_RETRY_MS = 1_000;

export interface NewSession {
  id: string;
  agent_version?: number;
  environment_id: string;
  title: string | null;
  metadata: Metadata;
  /** `user.message` and `user.define_outcome` events to start with, in order; any of them starts the agent. */
  initial_events: InitialEvent[];
  /** Memory stores to attach; undefined attaches the agent's current store. */
  resources?: MemoryStoreResourceParam[];
  /** A thread: the workspace it shares with its coordinator, and the coordinator session told of its status changes. */
  workspace_id?: string;
  coordinator_session_id?: string;
}

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const AGENT_RPC = [
  // Agent config and memory pointer
  "createAgent",
  "getAgent",
  "updateAgent",
  "archiveAgent",
  "rollbackMemory",
  "listVersions",
  "startDream",
  "adoptDreamOutput",
  "usesMemoryStore",
  // Archive export and import
  "exportTranscripts",
  "archivePage",
  "beginArchiveImport",
  "stageArchiveRecords",
  "commitArchiveImport",
  "abandonArchiveImport",
  // Sessions and their transcripts
  "createSession",
  "getSession",
  "updateSession",
  "archiveSession",
  "deleteSession",
  "sendEvents",
  "listEvents",
  "sessionWorkspace",
  "closeStreamsOfKey",
  // Thread callbacks from a coordinator's orchestrator
  "appendThreadEvents",
  "completeThreadWait",
  // Deployments
  "createDeployment",
  "getDeployment",
  "updateDeployment",
  "pauseDeployment",
  "unpauseDeployment",
  "archiveDeployment",
  "runDeploymentNow",
  "getDeploymentRun",
] as const satisfies RpcSurface<AgentObject>;

/** The calls that create an agent, and with it its object's storage; before one of them, every other call finds no agent. */
const AGENT_CREATORS = ["createAgent", "beginArchiveImport"] as const satisfies readonly (typeof AGENT_RPC)[number][];

/** What calls answer on an agent that was never created (a guessed id, another tenant's), which creates nothing. */
function absentAgent(agentId: string): AbsentAnswers<AgentObject> {
  const noDeployment = (_tenantId: string, deploymentId: string) => {
    throw notFound("Deployment", deploymentId);
  };
  return {
    getDeployment: noDeployment,
    updateDeployment: noDeployment,
    pauseDeployment: noDeployment,
    unpauseDeployment: noDeployment,
    archiveDeployment: noDeployment,
    runDeploymentNow: noDeployment,
    getDeploymentRun: (_tenantId, runId) => {
      throw notFound("Deployment run", runId);
    },
    abandonArchiveImport: () => undefined,
    otherwise: () => notFound("Agent", agentId),
  };
}

export class AgentObject extends DurableObject<Env> implements StepHost {
  readonly sql: SqlStorage;
  private readonly schema: ObjectSchema;
  readonly retryPolicy: RetryPolicy;
  /** How long a session stays idle before it reflects, so a conversation in full flow is not interrupted by one. */
  private readonly reflectionDelayMs: number;
  private readonly live: LiveStreams;
  /** Work running in this instance, with the means to abort it; lost (correctly) when the object is evicted. */
  private readonly inflight = new Map<string, AbortController>();
  /** Dream starts of this instance, one after another: two at once would both find no dream running and both start one. */
  private dreamStarts: Promise<unknown> = Promise.resolve();
  /** Moves of the agent's memory pointer, one after another (src/agent/memory-pointer.ts). */
  private readonly memoryPointerMoves = new PointerMoves();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.retryPolicy = retryPolicyFrom(env);
    this.reflectionDelayMs = Number(env.LUCID_REFLECTION_DELAY_MS ?? 60_000);
    this.live = new LiveStreams(ctx);
    this.schema = new ObjectSchema(this.sql, AGENT_MIGRATIONS);
  }

  /** The one RPC entry point the API edge calls (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, AGENT_RPC, {
      schema: this.schema,
      creators: AGENT_CREATORS,
      absent: absentAgent(this.ctx.id.name ?? "(unnamed)"),
    });
  }

  // --- Agent config ---

  async createAgent(tenantId: string, agentId: string, config: AgentConfig): Promise<Agent> {
    if (findAgentRow(this.sql)) throw invalidRequest(`Agent '${agentId}' already exists.`);
    // Every agent starts with a memory store of its own, which its sessions attach unless they choose others.
    const storeId = newMemoryStoreId();
    const store = await memoryStoreOf(this.env, storeId).createStore(tenantId, {
      id: storeId,
      name: `${config.name} memory`.slice(0, 255),
      description: `The memory of agent ${agentId}.`,
    });
    await moveToStore(this.pointerHost(tenantId, agentId), store.id, () => insertAgent(this.sql, agentId, tenantId, config));
    await this.scheduleNextDream();
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "agent.created", id: agentId }, agentId));
    return this.syncAgentListing();
  }

  getAgent(tenantId: string, agentId: string, version?: number): Agent {
    return renderAgent(this.sql, this.requireAgent(tenantId, agentId), version);
  }

  /** `multiagent` is the update's roster, resolved at the edge (undefined when the update leaves it out). */
  async updateAgent(tenantId: string, agentId: string, update: AgentUpdate, multiagent?: Multiagent | null): Promise<Agent> {
    const row = this.requireAgent(tenantId, agentId);
    const applyConfig = () => {
      const current = this.requireAgent(tenantId, agentId);
      if (current.archived_at) throw invalidRequest(`Agent '${agentId}' is archived and cannot be changed.`);
      updateAgentConfig(this.sql, current, update, multiagent);
    };
    // Lucid extension: `memory_store_id` repoints the agent, in one step with the rest of the update.
    if (update.memory_store_id === undefined) applyConfig();
    else await moveToStore(this.pointerHost(tenantId, agentId), update.memory_store_id, applyConfig);
    await this.scheduleNextDream();
    const version = findAgentRow(this.sql)!.version;
    if (version !== row.version) this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "agent.updated", id: agentId }, `${agentId}@${version}`));
    return this.syncAgentListing();
  }

  async archiveAgent(tenantId: string, agentId: string): Promise<Agent> {
    const row = this.requireAgent(tenantId, agentId);
    if (!row.archived_at) this.sql.exec("UPDATE agent SET archived_at = ?", new Date().toISOString());
    await releaseStore(this.pointerHost(tenantId, agentId));
    await this.scheduleNextDream();
    await deployments.pauseDeploymentsOfArchivedAgent(this.deploymentHost());
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "agent.archived", id: agentId }, agentId));
    return this.syncAgentListing();
  }

  /** Points the agent back at the memory store it used before its latest dream; that store is kept, not deleted. */
  async rollbackMemory(tenantId: string, agentId: string): Promise<Agent> {
    this.requireAgent(tenantId, agentId);
    await rollBackStore(this.pointerHost(tenantId, agentId));
    return this.syncAgentListing();
  }

  /**
   * Starts a dream over the agent's current store and the sessions that finished work since its last dream. With
   * nothing new, or while its previous dream has not ended, it is skipped at no cost, and the reason is kept (shown on
   * the agent); a requested dream then fails.
   */
  startDream(tenantId: string, agentId: string, trigger: "request" | "schedule"): Promise<Dream | null> {
    const started = this.dreamStarts.then(() => this.startDreamAlone(tenantId, agentId, trigger));
    this.dreamStarts = started.catch(() => undefined);
    return started;
  }

  private async startDreamAlone(tenantId: string, agentId: string, trigger: "request" | "schedule"): Promise<Dream | null> {
    this.requireAgent(tenantId, agentId);
    const lastId = readDreamState(this.sql).last_dream_id;
    const unfinished = lastId ? unfinishedDreamReason(await dreamOf(this.env, lastId).getDream(tenantId, lastId)) : null;
    if (unfinished) {
      recordDreamSkipped(this.sql, unfinished);
      await this.syncAgentListing();
      if (trigger === "request") throw conflict(unfinished);
      return null;
    }
    const agent = this.agentAt(findAgentRow(this.sql)!.version);
    const plan = planDream(this.sql, currentMemoryStore(this.sql));
    if ("skipped" in plan) {
      recordDreamSkipped(this.sql, plan.skipped);
      await this.syncAgentListing();
      if (trigger === "request") throw invalidRequest(`${plan.skipped} There is nothing new to dream about.`);
      return null;
    }
    const dreamId = newDreamId();
    const dream = await dreamOf(this.env, dreamId).createDream(tenantId, {
      id: dreamId,
      agent_id: agentId,
      mode: agent.dreaming.mode,
      request: {
        inputs: [
          { type: "memory_store", memory_store_id: plan.storeId },
          { type: "sessions", session_ids: plan.sessionIds },
        ],
        model: { id: agent.dreaming.model ?? agent.model.id },
        instructions: agent.dreaming.instructions,
        output_behavior: { type: "create_new" },
        token_budget: agent.dreaming.token_budget,
      },
    });
    recordDreamStarted(this.sql, dreamId, plan.throughSeq);
    await this.syncAgentListing();
    return dream;
  }

  /** A dream of this agent finished: its output store becomes the one new sessions attach. */
  async adoptDreamOutput(tenantId: string, agentId: string, dreamId: string, storeId: string): Promise<Agent> {
    this.requireAgent(tenantId, agentId);
    await moveToStore(this.pointerHost(tenantId, agentId), storeId);
    console.log(JSON.stringify({ event: "agent.memory_adopted", agent_id: agentId, dream_id: dreamId, memory_store_id: storeId }));
    return this.syncAgentListing();
  }

  /** Asked by a memory store before it is archived or deleted: whether this agent uses it as its memory (agent-pins.ts). */
  usesMemoryStore(tenantId: string, storeId: string): boolean {
    return agentUsesStore({ sql: this.sql, moves: this.memoryPointerMoves }, tenantId, storeId);
  }

  /** Whole transcripts of some of this agent's sessions, for a dream to read; a multiagent thread's origin says a coordinator wrote its user messages. */
  exportTranscripts(tenantId: string, agentId: string, sessionIds: string[]): { session_id: string; events: SessionEvent[]; origin: "user" | "thread" }[] {
    this.requireAgent(tenantId, agentId);
    return sessionIds.map((sessionId) => {
      const row = requireSession(this.sql, sessionId);
      return {
        session_id: sessionId,
        events: readEvents(this.sql, sessionId).map((stored) => stored.event),
        origin: row.coordinator_session_id ? "thread" : "user",
      };
    });
  }

  listVersions(tenantId: string, agentId: string, limit: number, page?: string) {
    return pageAgentVersions(this.sql, this.requireAgent(tenantId, agentId), limit, page);
  }

  agentAt(version: number): Agent {
    const row = findAgentRow(this.sql);
    if (!row) throw new Error("agent object has no agent");
    return renderAgent(this.sql, row, version);
  }

  // --- Archive: the agent exported page by page, and restored from an archive (src/agent/agent-archive-*.ts) ---

  archivePage(tenantId: string, agentId: string, cursor: ArchiveCursor): ArchivePage {
    this.requireAgent(tenantId, agentId);
    return readArchivePage(this.sql, AGENT_ARCHIVE_TABLES, cursor);
  }

  beginArchiveImport(importId: string): void {
    beginStaging(this.archiveStaging(), importId);
  }

  stageArchiveRecords(importId: string, records: ArchiveRecord[], firstLine: number): void {
    stageRecords(this.archiveStaging(), importId, records, firstLine);
  }

  /** Makes the restored agent live: a session that was running when exported is stopped, the dream cadence re-armed. */
  async commitArchiveImport(tenantId: string, importId: string): Promise<Agent> {
    commitStaging(this.archiveStaging(), importId, tenantId);
    const sessions = this.sql.exec<{ id: string; status: string }>("SELECT id, status FROM sessions ORDER BY rowid").toArray();
    for (const session of sessions) {
      if (session.status === "running" || session.status === "rescheduling")
        this.record(session.id, (append) => markIdle(this.sql, append, session.id, { type: "end_turn" }));
      await this.syncSessionListing(session.id);
    }
    await this.scheduleNextDream();
    return this.syncAgentListing();
  }

  abandonArchiveImport(importId: string): void {
    abandonStaging(this.archiveStaging(), importId);
  }

  private archiveStaging(): StagingHost {
    return {
      storage: this.ctx.storage,
      sql: this.sql,
      tables: AGENT_ARCHIVE_TABLES,
      what: `Agent '${this.ctx.id.name}'`,
      exists: findAgentRow(this.sql) !== null,
    };
  }

  // --- Sessions ---

  /** `alongside` (a deployment run recording its session) joins the transaction that records the session. */
  async createSession(tenantId: string, agentId: string, params: NewSession, alongside?: () => void): Promise<Session> {
    const agent = this.requireAgent(tenantId, agentId);
    // An orchestrator starting a thread again after a crash finds the session it created before.
    const existing = params.coordinator_session_id ? findSession(this.sql, params.id) : null;
    if (existing && existing.coordinator_session_id === params.coordinator_session_id) return this.renderSessionById(params.id);
    if (agent.archived_at) throw invalidRequest(`Agent '${agentId}' is archived; new sessions cannot use it.`);
    const version = params.agent_version ?? agent.version;
    const coordinates = renderAgent(this.sql, agent, version).multiagent; // not_found_error for a version the agent never had
    if (coordinates && params.coordinator_session_id) throw invalidRequest(`Agent '${agentId}' is a coordinator and cannot run as a thread.`);
    const resources = await resolveAttachments(this.env, tenantId, params.resources, currentMemoryStore(this.sql));
    const multiagent = coordinates ? { type: "coordinator" as const, agents: await snapshotRoster(this.env, tenantId, coordinates) } : undefined;
    this.record(params.id, (append) => {
      insertSession(this.sql, { ...params, agent_version: version, resources, multiagent });
      for (const event of params.initial_events) {
        if (event.type === "user.message") append("user.message", { content: event.content });
        else acceptOutcome(this.sql, append, params.id, event);
      }
      if (params.initial_events.length) applyDefaultOutcome(this.sql, append, params.id, this.agentAt(version).outcome);
      if (params.initial_events.length) markRunning(this.sql, append, params.id);
      alongside?.();
    });
    if (params.initial_events.length) await this.scheduleStep(params.id, Date.now());
    return this.syncSessionListing(params.id);
  }

  getSession(tenantId: string, agentId: string, sessionId: string): Session {
    this.requireAgent(tenantId, agentId);
    return this.renderSessionById(sessionId);
  }

  async updateSession(tenantId: string, agentId: string, sessionId: string, update: SessionUpdate): Promise<Session> {
    this.requireAgent(tenantId, agentId);
    const row = requireSession(this.sql, sessionId);
    const metadata = applyMetadataPatch(JSON.parse(row.metadata) as Metadata, update.metadata);
    const title = update.title === undefined ? row.title : update.title;
    this.sql.exec(
      "UPDATE sessions SET title = ?, metadata = ?, updated_at = ? WHERE id = ?",
      title,
      JSON.stringify(metadata),
      new Date().toISOString(),
      sessionId,
    );
    return this.syncSessionListing(sessionId);
  }

  async archiveSession(tenantId: string, agentId: string, sessionId: string): Promise<Session> {
    this.requireAgent(tenantId, agentId);
    const row = requireSession(this.sql, sessionId);
    if (row.status === "running" || row.status === "rescheduling") {
      throw invalidRequest(`Session '${sessionId}' is ${row.status}; interrupt it before archiving.`);
    }
    if (!row.archived_at)
      this.sql.exec("UPDATE sessions SET archived_at = ?, updated_at = ? WHERE id = ?", new Date().toISOString(), new Date().toISOString(), sessionId);
    return this.syncSessionListing(sessionId);
  }

  async deleteSession(tenantId: string, agentId: string, sessionId: string) {
    const agent = this.requireAgent(tenantId, agentId);
    const row = requireSession(this.sql, sessionId);
    if (row.status === "running" || row.status === "rescheduling") {
      throw invalidRequest(`Session '${sessionId}' is ${row.status}; interrupt it before deleting.`);
    }
    // The workspace goes first: should this request fail after it, the session remains and its deletion can be retried.
    // A thread's workspace is its coordinator's, which goes with the coordinator session.
    if (row.workspace_id && !row.coordinator_session_id) await workspaceOf(this.env, row.workspace_id).deleteWorkspace(agent.tenant_id);
    // A coordinator's orchestrator goes too: its running threads are interrupted first.
    if (row.multiagent) await orchestratorOf(this.env, sessionId).forgetSession(agent.tenant_id);
    this.ctx.storage.transactionSync(() => {
      for (const table of ["events", "inbox", "outcomes", "sessions"])
        this.sql.exec(`DELETE FROM ${table} WHERE ${table === "sessions" ? "id" : "session_id"} = ?`, sessionId);
      cancelWork(this.sql, "session_step", sessionId);
      cancelWork(this.sql, "thread_callback", sessionId);
    });
    this.live.closeSession(sessionId);
    await directoryOf(this.env, agent.tenant_id).removeListing("session", sessionId);
    return { id: sessionId, type: "session_deleted" as const };
  }

  // --- Events ---

  async sendEvents(tenantId: string, agentId: string, sessionId: string, params: EventParam[]): Promise<{ data: SessionEvent[] }> {
    this.requireAgent(tenantId, agentId);
    const row = requireSession(this.sql, sessionId);
    if (row.archived_at) throw invalidRequest(`Session '${sessionId}' is archived and accepts no events.`);
    if (row.status === "terminated") throw invalidRequest(`Session '${sessionId}' is terminated and accepts no events.`);
    const accepted: SessionEvent[] = [];
    let interrupted = false;
    // Work already under way when this request came in; an outcome may join only work this request starts.
    let busy = row.status === "running" || row.status === "rescheduling";
    this.record(sessionId, (append) => {
      for (const param of params) {
        const status = requireSession(this.sql, sessionId).status;
        if (param.type === "user.interrupt") {
          interrupted = true;
          busy = false;
          accepted.push(append("user.interrupt"));
          this.sql.exec("UPDATE sessions SET run_generation = run_generation + 1 WHERE id = ?", sessionId);
          interruptEvaluation(this.sql, append, sessionId, this.openEvaluationStartId(sessionId));
          deliverQueuedMessages(this.sql, sessionId, append);
          cancelWork(this.sql, "session_step", sessionId);
          markIdle(this.sql, append, sessionId, { type: "end_turn" });
        } else if (param.type === "user.message") {
          accepted.push(this.acceptMessage(sessionId, status, param.content, append));
        } else if (param.type === "user.define_outcome") {
          accepted.push(this.acceptOutcomeEvent(sessionId, busy ? status : "idle", param, append));
        } else {
          accepted.push(this.acceptToolResult(sessionId, param, append));
        }
      }
    });
    if (interrupted) this.inflight.get(workKey({ kind: "session_step", ref: sessionId }))?.abort();
    // Interrupting a coordinator stops its threads: queued ones are canceled, running ones interrupted.
    if (interrupted && row.multiagent) await orchestratorOf(this.env, sessionId).interruptThreads();
    if (requireSession(this.sql, sessionId).status === "running") await this.scheduleStep(sessionId, Date.now());
    await this.syncSessionListing(sessionId);
    return { data: accepted };
  }

  /** The id of the session's workspace, for the workspace file routes (which check the tenant here first). */
  sessionWorkspace(tenantId: string, agentId: string, sessionId: string): string {
    this.requireAgent(tenantId, agentId);
    return sessionWorkspaceId(this.sql, sessionId);
  }

  listEvents(tenantId: string, agentId: string, sessionId: string, query: EventPageQuery) {
    this.requireAgent(tenantId, agentId);
    requireSession(this.sql, sessionId);
    return pageEvents(this.sql, sessionId, query);
  }

  private acceptMessage(sessionId: string, status: string, content: ContentBlock[], append: Append): SessionEvent {
    if (status === "running" || status === "rescheduling") {
      const id = newEventId();
      queueMessage(this.sql, sessionId, id, content);
      return { id, type: "user.message", content, processed_at: null } as unknown as SessionEvent;
    }
    this.requireNoPendingToolResults(sessionId);
    const event = append("user.message", { content });
    applyDefaultOutcome(this.sql, append, sessionId, this.agentAt(requireSession(this.sql, sessionId).agent_version).outcome);
    markRunning(this.sql, append, sessionId);
    cancelWork(this.sql, "session_reflection", sessionId);
    return event;
  }

  private acceptOutcomeEvent(sessionId: string, status: string, param: DefineOutcomeParam, append: Append): SessionEvent {
    requireOutcomeAcceptable(sessionId, status);
    this.requireNoPendingToolResults(sessionId);
    const event = acceptOutcome(this.sql, append, sessionId, param);
    // A message earlier in the same request may already have started the agent.
    if (requireSession(this.sql, sessionId).status !== "running") markRunning(this.sql, append, sessionId);
    cancelWork(this.sql, "session_reflection", sessionId);
    return event;
  }

  private requireNoPendingToolResults(sessionId: string): void {
    const waiting = pendingCustomToolUses(readEvents(this.sql, sessionId).map((stored) => stored.event));
    if (waiting.length) {
      throw invalidRequest(
        `Session '${sessionId}' is waiting for user.custom_tool_result for ${waiting.join(", ")}; send those results (or a user.interrupt) first.`,
      );
    }
  }

  /** The evaluation an interrupt would cut short, if the session is being graded. */
  private openEvaluationStartId(sessionId: string): string | null {
    const outcome = openOutcome(this.sql, sessionId);
    if (outcome?.result !== "evaluating") return null;
    return (
      openEvaluationStart(
        readEvents(this.sql, sessionId).map((stored) => stored.event),
        outcome.id,
      )?.id ?? null
    );
  }

  private acceptToolResult(sessionId: string, param: Extract<EventParam, { type: "user.custom_tool_result" }>, append: Append): SessionEvent {
    const waiting = pendingCustomToolUses(readEvents(this.sql, sessionId).map((stored) => stored.event));
    if (!waiting.includes(param.custom_tool_use_id)) {
      throw invalidRequest(`No agent.custom_tool_use '${echoed(param.custom_tool_use_id)}' is waiting for a result in session '${sessionId}'.`);
    }
    const event = append("user.custom_tool_result", {
      custom_tool_use_id: param.custom_tool_use_id,
      content: param.content ?? [],
      is_error: param.is_error ?? false,
    });
    if (waiting.length === 1) markRunning(this.sql, append, sessionId);
    return event;
  }

  // --- Live streams (SSE and WebSocket), reached through fetch because they are long-lived responses ---

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const sessionId = url.searchParams.get("session") ?? "";
    const agentId = url.searchParams.get("agent") ?? "";
    try {
      if (!this.schema.exists) throw notFound("Agent", agentId);
      this.requireAgent(request.headers.get("x-lucid-tenant") ?? "", agentId);
      requireSession(this.sql, sessionId);
      const after = url.searchParams.get("after") || request.headers.get("last-event-id");
      const backlog = readEvents(this.sql, sessionId, after ? seqOfEvent(this.sql, sessionId, after) : 0).map((stored) => stored.event);
      const previews = url.searchParams.get("previews") === "1";
      const keyId = request.headers.get("x-lucid-api-key");
      return request.headers.get("upgrade")?.toLowerCase() === "websocket"
        ? this.live.openWebSocket(sessionId, backlog, previews, keyId)
        : this.live.openSse(sessionId, backlog, previews, keyId);
    } catch (error) {
      if (error instanceof ApiError) return Response.json(error.toBody(), { status: error.status });
      throw error;
    }
  }

  /** Ends the streams a revoked key opened here (called by the tenant's directory); how many were open. */
  closeStreamsOfKey(keyId: string): number {
    return this.live.closeStreamsOfKey(keyId);
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    if (message === "ping") socket.send("pong");
  }

  override webSocketClose(socket: WebSocket, code: number): void {
    socket.close(code === 1005 ? 1000 : code, "closing");
  }

  // --- StepHost: what the session runner uses ---

  modelClient(): Anthropic {
    return createModelClient(this.env);
  }

  record(sessionId: string, write: (append: Append) => void): SessionEvent[] {
    const appended: SessionEvent[] = [];
    let reportsThread = false;
    // A deployment run's result is settled by its session's status event, in the same transaction; so is a thread's
    // callback to its orchestrator put in the schedule.
    const settledRun = this.ctx.storage.transactionSync(() => {
      write((type, fields, id) => {
        const { event } = appendEvent(this.sql, sessionId, type, fields, id);
        appended.push(event);
        return event;
      });
      reportsThread = scheduleThreadCallback(this.sql, sessionId, appended);
      return settleRunOfSession(this.sql, sessionId, appended);
    });
    if (reportsThread) this.ctx.waitUntil(this.armAlarm().then(() => this.runDueWork()));
    for (const event of appended) this.live.publish(sessionId, event);
    if (appended.some(announcedByWebhook)) this.ctx.waitUntil(emitSessionStatusWebhooks(this.env, this.tenantId(), sessionId, appended));
    if (settledRun) this.ctx.waitUntil(announceSettledRun(this.env, this.tenantId(), findAgentRow(this.sql)!.id, settledRun));
    return appended;
  }

  crashPoint(point: CrashPoint): Promise<void> {
    return passCrashPointAfterCommit(this.ctx, point);
  }

  preview(sessionId: string, frame: PreviewFrame): void {
    this.live.publishPreview(sessionId, frame);
  }

  deliverInbox(sessionId: string, append: Append): number {
    return deliverQueuedMessages(this.sql, sessionId, append);
  }

  hasMemory(sessionId: string): boolean {
    return sessionResources(requireSession(this.sql, sessionId)).length > 0;
  }

  async loadMemory(sessionId: string, task: string): Promise<Record<string, Json>> {
    const row = requireSession(this.sql, sessionId);
    const budget = this.agentAt(row.agent_version).memory.token_budget;
    return loadSessionMemory(this.env, this.tenantId(), attachedStores(sessionResources(row)), task, budget);
  }

  toolContext(sessionId: string): ToolContext {
    const row = requireSession(this.sql, sessionId);
    return {
      env: this.env,
      tenantId: this.tenantId(),
      sessionId,
      environmentId: row.environment_id,
      agent: this.agentAt(row.agent_version),
      stores: attachedStores(sessionResources(row)),
      roster: sessionMultiagent(row)?.agents ?? null,
      workspaceId: () => sessionWorkspaceId(this.sql, sessionId),
    };
  }

  /** `signal` is the call's step's, aborted by an interrupt (a re-run outside a step has none). */
  runBuiltinTool(sessionId: string, toolUse: SessionEvent, signal: AbortSignal = new AbortController().signal): Promise<ToolOutcome> {
    return BUILTIN_TOOLS.run({ id: toolUse.id, name: String(toolUse.name), input: toolUse.input }, this.toolContext(sessionId), signal);
  }

  // --- Multiagent: what a coordinator session's orchestrator calls, and a thread's callbacks to it ---

  /** Appends the orchestrator's thread events to the coordinator's stream; an event already recorded is skipped. */
  appendThreadEvents(tenantId: string, agentId: string, sessionId: string, events: { id: string; type: string; fields: Record<string, unknown> }[]): void {
    this.requireAgent(tenantId, agentId);
    requireSession(this.sql, sessionId);
    this.record(sessionId, (append) => {
      for (const event of events) {
        if (this.sql.exec("SELECT 1 FROM events WHERE id = ?", event.id).toArray().length === 0) append(event.type, event.fields, event.id);
      }
    });
  }

  /** Records a wait's result once, if the coordinator still waits for it (an interrupt answers it otherwise), and runs on. */
  async completeThreadWait(tenantId: string, agentId: string, sessionId: string, toolUseId: string, outcome: ToolOutcome): Promise<void> {
    this.requireAgent(tenantId, agentId);
    const waiting = pendingBuiltinToolUses(readEvents(this.sql, sessionId).map((stored) => stored.event)).some((event) => event.id === toolUseId);
    if (!waiting || requireSession(this.sql, sessionId).status !== "running") return;
    this.record(sessionId, (append) =>
      append("agent.tool_result", { tool_use_id: toolUseId, content: [{ type: "text", text: outcome.content }], is_error: outcome.is_error }),
    );
    await this.scheduleStep(sessionId, Date.now());
  }

  /** Tells a thread's orchestrator of its status changes since the last it acknowledged; retried until it does. */
  private async reportThreadStatus(sessionId: string): Promise<void> {
    const row = findSession(this.sql, sessionId);
    if (!row?.coordinator_session_id) return;
    const report = buildThreadReport(sessionId, readEvents(this.sql, sessionId), row.thread_reported_seq);
    if (!report.changes.length) return;
    try {
      const { acknowledged_seq } = await orchestratorOf(this.env, row.coordinator_session_id).threadChanged(report);
      this.sql.exec("UPDATE sessions SET thread_reported_seq = MAX(thread_reported_seq, ?) WHERE id = ?", acknowledged_seq, sessionId);
    } catch (error) {
      console.error(`thread ${sessionId} could not report to its orchestrator; retrying`, error);
      putWork(this.sql, "thread_callback", sessionId, Date.now() + THREAD_CALLBACK_RETRY_MS);
    }
  }

  /** A turn ended: once the session has stayed idle a while, it reflects on what it learned. */
  async turnEnded(sessionId: string): Promise<void> {
    const row = requireSession(this.sql, sessionId);
    if (!this.agentAt(row.agent_version).memory.reflection || !this.hasMemory(sessionId)) return;
    await this.schedule("session_reflection", sessionId, Date.now() + this.reflectionDelayMs);
  }

  memoryStore(storeId: string) {
    return memoryStoreOf(this.env, storeId);
  }

  tenantId(): string {
    const row = findAgentRow(this.sql);
    if (!row) throw new Error("agent object has no agent");
    return row.tenant_id;
  }

  scheduleStep(sessionId: string, dueAt: number): Promise<void> {
    return this.schedule("session_step", sessionId, dueAt);
  }

  private async schedule(kind: WorkKind, ref: string, dueAt: number): Promise<void> {
    putWork(this.sql, kind, ref, dueAt);
    await this.armAlarm();
    if (dueAt <= Date.now()) this.ctx.waitUntil(this.runDueWork());
  }

  // --- The alarm: runs due work, re-arms itself, and re-runs work that died with a previous instance ---

  override async alarm(): Promise<void> {
    if (!this.schema.exists) return; // no agent, so no work (an alarm is only ever set beside work)
    await this.runDueWork();
  }

  private async runDueWork(): Promise<void> {
    const started = dueWork(this.sql, Date.now())
      .filter((work) => !this.inflight.has(workKey(work)))
      .map((work) => this.runWork(work));
    await this.armAlarm();
    await Promise.allSettled(started);
  }

  private async runWork(work: ScheduledWork): Promise<void> {
    const controller = new AbortController();
    this.inflight.set(workKey(work), controller);
    try {
      if (work.kind === "session_step") await runSessionStep(this, work.ref, controller.signal);
      else if (work.kind === "session_reflection") await reflectOnSession(this, work.ref);
      else if (work.kind === "deployment_run") await fireDeployment(this.deploymentHost(), work.ref, work.due_at);
      else if (work.kind === "thread_callback") await this.reportThreadStatus(work.ref);
      else await this.runScheduledDream();
      completeWork(this.sql, work.id);
    } catch (error) {
      // Keep the row, due again a little later: work is idempotent, so a retry is safe, and waiting keeps a failure
      // that repeats (an unreachable object, a bug) from spinning this object in a loop.
      deferWork(this.sql, work.id, Date.now() + FAILED_WORK_RETRY_MS);
      console.error(`${work.kind} ${work.ref} failed; retrying in ${FAILED_WORK_RETRY_MS / 1000} s`, error);
    } finally {
      this.inflight.delete(workKey(work));
    }
    if (work.kind === "session_step" || work.kind === "session_reflection") await this.syncSessionListing(work.ref).catch(() => undefined);
    await this.runDueWork();
  }

  private async armAlarm(): Promise<void> {
    const now = Date.now();
    const times = allWork(this.sql).map((work) => (this.inflight.has(workKey(work)) ? now + WATCHDOG_MS : work.due_at));
    if (times.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.min(...times));
  }

  // --- Deployments: the agent's scheduled runs (logic in src/deployments) ---

  createDeployment(tenantId: string, agentId: string, deploymentId: string, params: DeploymentCreate): Promise<Deployment> {
    return deployments.createDeployment(this.deploymentHost(), tenantId, agentId, deploymentId, params);
  }

  getDeployment(tenantId: string, deploymentId: string): Deployment {
    return deployments.getDeployment(this.deploymentHost(), tenantId, deploymentId);
  }

  updateDeployment(tenantId: string, deploymentId: string, update: DeploymentUpdate): Promise<Deployment> {
    return deployments.updateDeployment(this.deploymentHost(), tenantId, deploymentId, update);
  }

  pauseDeployment(tenantId: string, deploymentId: string): Promise<Deployment> {
    return deployments.pauseDeployment(this.deploymentHost(), tenantId, deploymentId);
  }

  unpauseDeployment(tenantId: string, deploymentId: string): Promise<Deployment> {
    return deployments.unpauseDeployment(this.deploymentHost(), tenantId, deploymentId);
  }

  archiveDeployment(tenantId: string, deploymentId: string): Promise<Deployment> {
    return deployments.archiveDeployment(this.deploymentHost(), tenantId, deploymentId);
  }

  runDeploymentNow(tenantId: string, deploymentId: string): Promise<DeploymentRun> {
    return runDeploymentNow(this.deploymentHost(), tenantId, deploymentId);
  }

  getDeploymentRun(tenantId: string, runId: string): DeploymentRun {
    return getDeploymentRun(this.sql, tenantId, runId);
  }

  private deploymentHost(): DeploymentHost {
    return {
      sql: this.sql,
      env: this.env,
      transaction: (write) => this.ctx.storage.transactionSync(write),
      createSession: (tenantId, agentId, params, alongside) => this.createSession(tenantId, agentId, params, alongside),
      armAlarm: () => this.armAlarm(),
    };
  }

  // --- Dream cadence ---

  private async runScheduledDream(): Promise<void> {
    const row = findAgentRow(this.sql);
    if (!row) return;
    await this.startDream(row.tenant_id, row.id, "schedule");
    await this.scheduleNextDream();
  }

  /** Keeps the one `agent_dream` row of the schedule in step with the agent's dreaming settings. */
  private async scheduleNextDream(): Promise<void> {
    const row = findAgentRow(this.sql);
    if (!row) return;
    const { dreaming } = this.agentAt(row.version);
    const next = !row.archived_at && dreaming.enabled && dreaming.schedule ? nextDreamAt(dreaming.schedule, Date.now()) : null;
    recordNextDream(this.sql, next);
    if (next === null) {
      cancelWork(this.sql, "agent_dream", row.id);
      await this.armAlarm();
    } else {
      await this.schedule("agent_dream", row.id, next);
    }
  }

  // --- Helpers ---

  private pointerHost(tenantId: string, agentId: string): PointerHost {
    return { sql: this.sql, env: this.env, tenantId, agentId, moves: this.memoryPointerMoves };
  }

  private requireAgent(tenantId: string, agentId: string) {
    const row = findAgentRow(this.sql);
    if (!row || row.tenant_id !== tenantId || row.id !== agentId) throw notFound("Agent", agentId);
    return row;
  }

  private renderSessionById(sessionId: string): Session {
    const row = requireSession(this.sql, sessionId);
    return renderSession(row, this.agentAt(row.agent_version), sessionOutcomes(this.sql, sessionId).map(renderOutcome));
  }

  private async syncAgentListing(): Promise<Agent> {
    const row = findAgentRow(this.sql);
    if (!row) throw new Error("agent object has no agent");
    const agent = renderAgent(this.sql, row);
    await directoryOf(this.env, row.tenant_id).putListing("agent", {
      id: agent.id,
      created_at: agent.created_at,
      archived: agent.archived_at !== null,
      body: agent,
    });
    return agent;
  }

  private async syncSessionListing(sessionId: string): Promise<Session> {
    const row = findAgentRow(this.sql);
    const session = this.renderSessionById(sessionId);
    if (row) {
      await directoryOf(this.env, row.tenant_id).putListing("session", {
        id: session.id,
        created_at: session.created_at,
        archived: session.archived_at !== null,
        agent_id: session.agent.id,
        agent_version: session.agent.version,
        status: session.status,
        body: session,
      });
    }
    return session;
  }
}

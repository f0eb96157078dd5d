// OrchestratorObject: one per coordinator session. Opens threads (specialist sessions on their own AgentObjects), runs
// at most `max_parallel` at once, hears of their status changes by callback, and answers the coordinator's waits.
import { DurableObject } from "cloudflare:workers";
import { ApiError, invalidRequest, notFound } from "../platform/errors";
import { type AbsentAnswers, invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import { agentOf } from "../platform/stubs";
import type { Env } from "../env";
import { passCrashPoint, passCrashPointAfterCommit, SimulatedCrash } from "../faults/crash-points";
import { newSessionId } from "../ids";
import type { SessionThread, SessionThreadAgent } from "../schemas/multiagent";
import { applyMigrations } from "../storage/migrate";
import { ObjectSchema } from "../storage/object-schema";
import type { ToolOutcome } from "../tools/tool-outcome";
import { ORCHESTRATOR_MIGRATIONS } from "./orchestrator-schema";
import { outboxEvents, queueCoordinatorEvent } from "./coordinator-events";
import type { ThreadReport } from "./thread-report";
import { allThreads, type CoordinatorRow, findCoordinator, findThread, isSettled, renderThread, rosterOf, type ThreadRow, waitResult } from "./thread-store";
import type { ThreadToolInput } from "../tools/thread-tools";

/** Due work left undone (an object was unreachable, or this one died mid-way) is tried again after this long. */
const RETRY_MS = 2_000;

/** Who the orchestrator works for; the coordinator's AgentObject sends it with every tool call. */
export type CoordinatorContext = Omit<CoordinatorRow, "roster"> & { roster: SessionThreadAgent[] };

/** The last status change a report carries, which the orchestrator acknowledges once it has taken the report in. */
const lastChangeSeq = (report: ThreadReport) => Math.max(0, ...report.changes.map((change) => change.seq));

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const ORCHESTRATOR_RPC = [
  "openThread",
  "messageThread",
  "waitForThreads",
  "interruptThreads",
  "forgetSession",
  "threadChanged",
  "listThreads",
  "getThread",
  "archiveThread",
] as const satisfies RpcSurface<OrchestratorObject>;

/** The coordinator's tools create the orchestrator, and with it its object's storage, on the first thread it opens. */
const ORCHESTRATOR_CREATORS = ["openThread", "messageThread", "waitForThreads"] as const satisfies readonly (typeof ORCHESTRATOR_RPC)[number][];

/**
 * What calls answer on the orchestrator of a session that never opened a thread: it has none, and nothing to stop or
 * forget; a thread's late report is acknowledged. Nothing is created to answer them.
 */
const ABSENT_ORCHESTRATOR: AbsentAnswers<OrchestratorObject> = {
  listThreads: () => [],
  interruptThreads: () => undefined,
  forgetSession: () => undefined,
  threadChanged: (report) => ({ acknowledged_seq: lastChangeSeq(report) }),
  otherwise: () => notFound("Thread", "of this session"),
};

export class OrchestratorObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly schema: ObjectSchema;
  /** One pump at a time in this instance; a request for another while it runs makes it go round again. */
  private pumping = false;
  private pumpAgain = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.schema = new ObjectSchema(this.sql, ORCHESTRATOR_MIGRATIONS);
  }

  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, ORCHESTRATOR_RPC, { schema: this.schema, creators: ORCHESTRATOR_CREATORS, absent: ABSENT_ORCHESTRATOR });
  }

  // --- The coordinator's tools (each idempotent by its tool-use id) ---

  openThread(context: CoordinatorContext, toolUseId: string, input: ThreadToolInput<"open_thread">): ToolOutcome {
    const outcome = this.ctx.storage.transactionSync(() => {
      this.adopt(context);
      const existing = this.sql.exec<ThreadRow>("SELECT * FROM threads WHERE opened_by = ?", toolUseId).toArray()[0];
      if (existing) return existing;
      const agent = context.roster.find((entry) => entry.id === input.agent_id);
      if (!agent) {
        throw invalidRequest(`Agent '${input.agent_id}' is not one of your specialists; choose one of ${context.roster.map((entry) => entry.id).join(", ")}.`);
      }
      const now = new Date().toISOString();
      const threadId = newSessionId(agent.id);
      this.sql.exec(
        "INSERT INTO threads (id, opened_by, agent_id, agent_version, task, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
        threadId,
        toolUseId,
        agent.id,
        agent.version,
        input.task,
        now,
        now,
      );
      queueCoordinatorEvent(this.sql, "session.thread_created", { session_thread_id: threadId, agent_name: agent.name, workflow_run_id: null });
      queueCoordinatorEvent(this.sql, "agent.thread_message_sent", {
        to_session_thread_id: threadId,
        to_agent_name: agent.name,
        content: [{ type: "text", text: input.task }],
      });
      return findThread(this.sql, threadId)!;
    });
    this.kick();
    const ahead = this.sql
      .exec<{ n: number }>(
        "SELECT COUNT(*) AS n FROM threads WHERE status IN ('running', 'queued') AND rowid < (SELECT rowid FROM threads WHERE id = ?)",
        outcome.id,
      )
      .one().n;
    const status = outcome.status === "queued" ? (ahead < context.max_parallel ? "running" : "queued") : outcome.status;
    return { content: JSON.stringify({ thread_id: outcome.id, agent_id: outcome.agent_id, status }), is_error: false };
  }

  messageThread(context: CoordinatorContext, toolUseId: string, input: ThreadToolInput<"message_thread">): ToolOutcome {
    this.ctx.storage.transactionSync(() => {
      this.adopt(context);
      if (this.sql.exec("SELECT 1 FROM messages WHERE tool_use_id = ?", toolUseId).toArray().length) return;
      const thread = findThread(this.sql, input.thread_id);
      if (!thread) throw invalidRequest(`There is no thread '${input.thread_id}' in this session.`);
      if (thread.status === "terminated" || thread.status === "canceled" || thread.archived_at) {
        const state = thread.archived_at ? "archived" : thread.status;
        throw invalidRequest(`Thread '${thread.id}' is ${state} and accepts no messages; open a new thread instead.`);
      }
      this.sql.exec("INSERT INTO messages (tool_use_id, thread_id, text) VALUES (?, ?, ?)", toolUseId, thread.id, input.message);
      // The thread has work again: a wait must not end on the reply it gave before this message, and it takes its
      // turn for a slot like any queued thread (its message is delivered once it holds one).
      if (thread.status === "idle") this.sql.exec("UPDATE threads SET status = 'queued', updated_at = ? WHERE id = ?", new Date().toISOString(), thread.id);
      queueCoordinatorEvent(this.sql, "agent.thread_message_sent", {
        to_session_thread_id: thread.id,
        to_agent_name: this.agentName(context.roster, thread.agent_id),
        content: [{ type: "text", text: input.message }],
      });
    });
    this.kick();
    return { content: `Message sent to thread ${input.thread_id}.`, is_error: false };
  }

  /** Registers a wait; its result is delivered to the coordinator when every thread it names is settled. */
  waitForThreads(context: CoordinatorContext, toolUseId: string, input: ThreadToolInput<"wait_for_threads">): void {
    this.ctx.storage.transactionSync(() => {
      this.adopt(context);
      if (this.sql.exec("SELECT 1 FROM waits WHERE tool_use_id = ?", toolUseId).toArray().length) return;
      const ids = input.thread_ids ?? allThreads(this.sql).map((thread) => thread.id);
      const unknown = ids.filter((id) => !findThread(this.sql, id));
      if (unknown.length) throw invalidRequest(`There is no thread ${unknown.map((id) => `'${id}'`).join(", ")} in this session.`);
      this.sql.exec("INSERT INTO waits (tool_use_id, thread_ids, created_at) VALUES (?, ?, ?)", toolUseId, JSON.stringify(ids), new Date().toISOString());
      this.resolveWaits();
    });
    this.kick();
  }

  /** The coordinator was interrupted: queued threads are canceled, running ones interrupted, and open waits closed. */
  interruptThreads(): void {
    this.ctx.storage.transactionSync(() => {
      const now = new Date().toISOString();
      const coordinator = findCoordinator(this.sql);
      // A thread that never started ends here: the coordinator's stream says so, as it does for one that ran.
      for (const thread of this.sql.exec<ThreadRow>("SELECT * FROM threads WHERE status = 'queued'").toArray()) {
        const agentName = coordinator ? this.agentName(rosterOf(coordinator), thread.agent_id) : thread.agent_id;
        queueCoordinatorEvent(this.sql, "session.thread_status_terminated", { session_thread_id: thread.id, agent_name: agentName });
      }
      this.sql.exec("UPDATE threads SET status = 'canceled', updated_at = ? WHERE status = 'queued'", now);
      this.sql.exec("UPDATE threads SET interrupt_pending = 1 WHERE status = 'running'");
      this.sql.exec("DELETE FROM messages WHERE delivered = 0 AND thread_id IN (SELECT id FROM threads WHERE status = 'canceled')");
      // The interrupt itself answered the coordinator's pending wait; nothing is delivered for it any more.
      this.sql.exec("UPDATE waits SET delivered = 1 WHERE delivered = 0");
    });
    this.kick();
  }

  /**
   * The coordinator session is being deleted: threads still running are interrupted (their sessions stay, on their
   * specialists' agents), then everything this object kept is gone. Later callbacks from threads find no coordinator.
   */
  async forgetSession(tenantId: string): Promise<void> {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return;
    if (coordinator.tenant_id !== tenantId) throw notFound("Session", coordinator.session_id);
    const running = this.sql.exec<ThreadRow>("SELECT * FROM threads WHERE status = 'running' AND started = 1").toArray();
    for (const thread of running) {
      await this.tolerateRefusal(() => agentOf(this.env, thread.agent_id).sendEvents(tenantId, thread.agent_id, thread.id, [{ type: "user.interrupt" }]));
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // Empty tables again, so a thread's late callback finds no coordinator (and is acknowledged) rather than no table.
    applyMigrations(this.sql, ORCHESTRATOR_MIGRATIONS);
  }

  // --- Callbacks from the threads' AgentObjects ---

  /** A thread's status changed; returns the last change it took in, which the thread records as reported. */
  async threadChanged(report: ThreadReport): Promise<{ acknowledged_seq: number }> {
    passCrashPoint(this.ctx, "orchestrator.result_received");
    const last = lastChangeSeq(report);
    this.ctx.storage.transactionSync(() => {
      const thread = findThread(this.sql, report.thread_id);
      const coordinator = findCoordinator(this.sql);
      if (!thread || !coordinator) return;
      const name = this.agentName(rosterOf(coordinator), thread.agent_id);
      const fresh = report.changes.filter((change) => change.seq > thread.status_seq);
      if (!fresh.length) return;
      const finalIdle = fresh.findLast((change) => change.status === "idle");
      for (const change of fresh) {
        const base = { session_thread_id: thread.id, agent_name: name };
        if (change.status === "running") queueCoordinatorEvent(this.sql, "session.thread_status_running", base);
        if (change === finalIdle && report.reply) {
          queueCoordinatorEvent(this.sql, "agent.thread_message_received", {
            from_session_thread_id: thread.id,
            from_agent_name: name,
            content: [{ type: "text", text: report.reply }],
          });
        }
        if (change.status === "idle")
          queueCoordinatorEvent(this.sql, "session.thread_status_idle", { ...base, stop_reason: change.stop_reason, stop_details: null });
        if (change.status === "terminated") queueCoordinatorEvent(this.sql, "session.thread_status_terminated", base);
      }
      const latest = fresh[fresh.length - 1]!;
      // A message sent after the thread went idle has already marked it running again; an older idle must not undo that.
      const undelivered = this.sql.exec("SELECT 1 FROM messages WHERE thread_id = ? AND delivered = 0", thread.id).toArray().length > 0;
      const status = latest.status === "idle" && undelivered ? "running" : latest.status;
      this.sql.exec(
        "UPDATE threads SET status = ?, stop_reason = ?, reply = ?, conflicts = ?, status_seq = ?, updated_at = ? WHERE id = ?",
        status,
        latest.stop_reason ? JSON.stringify(latest.stop_reason) : thread.stop_reason,
        report.reply,
        JSON.stringify(report.conflicts),
        latest.seq,
        new Date().toISOString(),
        thread.id,
      );
      this.resolveWaits();
    });
    // Unacknowledged, the thread reports again; the changes already recorded are skipped by their sequence numbers.
    await passCrashPointAfterCommit(this.ctx, "orchestrator.result_recorded");
    this.kick();
    return { acknowledged_seq: last };
  }

  // --- The threads API ---

  /** Empty for a session that never opened a thread (its orchestrator has no coordinator yet). */
  listThreads(tenantId: string): SessionThread[] {
    if (!findCoordinator(this.sql)) return [];
    const coordinator = this.requireCoordinator(tenantId);
    return allThreads(this.sql).map((thread) => renderThread(thread, coordinator));
  }

  getThread(tenantId: string, threadId: string): SessionThread {
    const coordinator = this.requireCoordinator(tenantId);
    const thread = findThread(this.sql, threadId);
    if (!thread) throw notFound("Thread", threadId);
    return renderThread(thread, coordinator);
  }

  /** Archives a settled thread and its specialist session; a thread still at work must finish or be interrupted first. */
  async archiveThread(tenantId: string, threadId: string): Promise<SessionThread> {
    const coordinator = this.requireCoordinator(tenantId);
    const thread = findThread(this.sql, threadId);
    if (!thread) throw notFound("Thread", threadId);
    if (!isSettled(thread.status)) throw invalidRequest(`Thread '${threadId}' is ${thread.status}; wait for it or interrupt it before archiving.`);
    if (thread.started) await agentOf(this.env, thread.agent_id).archiveSession(tenantId, thread.agent_id, threadId);
    if (!thread.archived_at) this.sql.exec("UPDATE threads SET archived_at = ? WHERE id = ?", new Date().toISOString(), threadId);
    return renderThread(findThread(this.sql, threadId)!, coordinator);
  }

  // --- The pump: every step is recorded before it is taken and idempotent, so the alarm can always run it again ---

  override async alarm(): Promise<void> {
    if (!this.schema.exists) return; // no threads, so nothing to pump
    await this.pump();
  }

  private kick(): void {
    this.ctx.waitUntil(this.pump());
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      // Should this instance die mid-way, the alarm finds the work still recorded and does it.
      if (this.hasDueWork()) await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
      do {
        this.pumpAgain = false;
        await this.startThreads();
        await this.deliverMessages();
        await this.sendInterrupts();
        await this.deliverOutbox();
        await this.deliverWaits();
      } while (this.pumpAgain);
    } catch (error) {
      // A simulated crash ends this instance: nothing after it may run, as nothing would after a real one.
      if (error instanceof SimulatedCrash) throw error;
      // What failed is still recorded; the alarm below tries it again.
      console.error("orchestrator pump failed", error);
    } finally {
      this.pumping = false;
    }
    if (this.hasDueWork()) await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
    else await this.ctx.storage.deleteAlarm();
  }

  private hasDueWork(): boolean {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return false;
    const count = (query: string) => this.sql.exec<{ n: number }>(query).one().n;
    const running = count("SELECT COUNT(*) AS n FROM threads WHERE status = 'running'");
    return (
      (running < coordinator.max_parallel && count("SELECT COUNT(*) AS n FROM threads WHERE status = 'queued'") > 0) ||
      count("SELECT COUNT(*) AS n FROM threads WHERE status = 'running' AND (started = 0 OR interrupt_pending = 1)") > 0 ||
      count("SELECT COUNT(*) AS n FROM messages WHERE delivered = 0") > 0 ||
      count("SELECT COUNT(*) AS n FROM outbox") > 0 ||
      count("SELECT COUNT(*) AS n FROM waits WHERE result IS NOT NULL AND delivered = 0") > 0
    );
  }

  /** Claims free slots for queued threads (oldest first), then creates every claimed thread's session, in parallel. */
  private async startThreads(): Promise<void> {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return;
    this.ctx.storage.transactionSync(() => {
      const running = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM threads WHERE status = 'running'").one().n;
      const free = coordinator.max_parallel - running;
      if (free <= 0) return;
      const now = new Date().toISOString();
      this.sql.exec(
        "UPDATE threads SET status = 'running', started_at = ?, updated_at = ? WHERE id IN (SELECT id FROM threads WHERE status = 'queued' ORDER BY rowid LIMIT ?)",
        now,
        now,
        free,
      );
    });
    const claimed = this.sql.exec<ThreadRow>("SELECT * FROM threads WHERE status = 'running' AND started = 0 ORDER BY rowid").toArray();
    const starts = await Promise.allSettled(claimed.map((thread) => this.startThread(coordinator, thread)));
    const crash = starts.find((start) => start.status === "rejected" && start.reason instanceof SimulatedCrash);
    if (crash) throw (crash as PromiseRejectedResult).reason;
  }

  private async startThread(coordinator: CoordinatorRow, thread: ThreadRow): Promise<void> {
    try {
      // Idempotent: the session id was fixed when the thread was opened, and creating it again finds it.
      await agentOf(this.env, thread.agent_id).createSession(coordinator.tenant_id, thread.agent_id, {
        id: thread.id,
        agent_version: thread.agent_version,
        environment_id: coordinator.environment_id,
        title: `Thread of ${coordinator.session_id}: ${thread.task.slice(0, 200)}`,
        metadata: { coordinator_session_id: coordinator.session_id },
        initial_events: [{ type: "user.message", content: [{ type: "text", text: thread.task }] }],
        workspace_id: coordinator.workspace_id,
        coordinator_session_id: coordinator.session_id,
      });
      passCrashPoint(this.ctx, "orchestrator.thread_opened");
      this.sql.exec("UPDATE threads SET started = 1 WHERE id = ?", thread.id);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // The specialist refused (archived since the roster was saved, say): the thread failed and the coordinator hears so.
      this.ctx.storage.transactionSync(() => {
        this.sql.exec(
          "UPDATE threads SET status = 'terminated', started = 1, reply = ?, updated_at = ? WHERE id = ?",
          `The thread could not start: ${error.detail}`,
          new Date().toISOString(),
          thread.id,
        );
        queueCoordinatorEvent(this.sql, "session.thread_status_terminated", {
          session_thread_id: thread.id,
          agent_name: this.agentName(rosterOf(coordinator), thread.agent_id),
        });
        this.resolveWaits();
      });
      this.pumpAgain = true;
    }
  }

  private async deliverMessages(): Promise<void> {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return;
    const pending = this.sql
      .exec<{ tool_use_id: string; thread_id: string; text: string; agent_id: string }>(
        `SELECT m.tool_use_id, m.thread_id, m.text, t.agent_id FROM messages m JOIN threads t ON t.id = m.thread_id
         WHERE m.delivered = 0 AND t.started = 1 AND t.status = 'running' ORDER BY m.rowid`,
      )
      .toArray();
    for (const message of pending) {
      await this.tolerateRefusal(() =>
        agentOf(this.env, message.agent_id).sendEvents(coordinator.tenant_id, message.agent_id, message.thread_id, [
          { type: "user.message", content: [{ type: "text", text: message.text }] },
        ]),
      );
      this.sql.exec("UPDATE messages SET delivered = 1 WHERE tool_use_id = ?", message.tool_use_id);
    }
  }

  private async sendInterrupts(): Promise<void> {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return;
    const threads = this.sql.exec<ThreadRow>("SELECT * FROM threads WHERE interrupt_pending = 1 AND started = 1").toArray();
    await Promise.allSettled(
      threads.map(async (thread) => {
        await this.tolerateRefusal(() =>
          agentOf(this.env, thread.agent_id).sendEvents(coordinator.tenant_id, thread.agent_id, thread.id, [{ type: "user.interrupt" }]),
        );
        this.sql.exec("UPDATE threads SET interrupt_pending = 0 WHERE id = ?", thread.id);
      }),
    );
  }

  private async deliverOutbox(): Promise<void> {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return;
    const { events, lastSeq } = outboxEvents(this.sql);
    if (!events.length) return;
    // A coordinator session that refuses them (deleted meanwhile) has nothing more to receive.
    await this.tolerateRefusal(() =>
      agentOf(this.env, coordinator.agent_id).appendThreadEvents(coordinator.tenant_id, coordinator.agent_id, coordinator.session_id, events),
    );
    passCrashPoint(this.ctx, "orchestrator.events_delivered");
    this.sql.exec("DELETE FROM outbox WHERE seq <= ?", lastSeq);
  }

  private async deliverWaits(): Promise<void> {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return;
    const waits = this.sql
      .exec<{ tool_use_id: string; result: string }>("SELECT tool_use_id, result FROM waits WHERE result IS NOT NULL AND delivered = 0")
      .toArray();
    if (!waits.length) return;
    // A wait's result was recorded with its threads' last events: those reach the coordinator first, so its transcript
    // never shows the wait answered before the threads it waited for finished.
    await this.deliverOutbox();
    for (const wait of waits) {
      await this.tolerateRefusal(() =>
        agentOf(this.env, coordinator.agent_id).completeThreadWait(coordinator.tenant_id, coordinator.agent_id, coordinator.session_id, wait.tool_use_id, {
          content: wait.result,
          is_error: false,
        }),
      );
      passCrashPoint(this.ctx, "orchestrator.wait_delivered");
      this.sql.exec("UPDATE waits SET delivered = 1 WHERE tool_use_id = ?", wait.tool_use_id);
    }
  }

  // --- Helpers ---

  /** Gives every open wait whose threads have all settled its result. Runs inside the transaction that settled them. */
  private resolveWaits(): void {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator) return;
    const open = this.sql
      .exec<{ tool_use_id: string; thread_ids: string }>("SELECT tool_use_id, thread_ids FROM waits WHERE result IS NULL AND delivered = 0")
      .toArray();
    for (const wait of open) {
      const threads = (JSON.parse(wait.thread_ids) as string[]).map((id) => findThread(this.sql, id)!);
      if (!threads.every((thread) => isSettled(thread.status))) continue;
      this.sql.exec("UPDATE waits SET result = ? WHERE tool_use_id = ?", waitResult(threads, rosterOf(coordinator)), wait.tool_use_id);
    }
  }

  /** Records who this orchestrator works for, on its first call; later calls must come from the same session. */
  private adopt(context: CoordinatorContext): void {
    const existing = findCoordinator(this.sql);
    if (existing) {
      if (existing.session_id !== context.session_id || existing.tenant_id !== context.tenant_id) throw new Error("orchestrator called for another session");
      return;
    }
    this.sql.exec(
      "INSERT INTO coordinator (id, tenant_id, agent_id, session_id, environment_id, workspace_id, max_parallel, roster) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
      context.tenant_id,
      context.agent_id,
      context.session_id,
      context.environment_id,
      context.workspace_id,
      context.max_parallel,
      JSON.stringify(context.roster),
    );
  }

  private requireCoordinator(tenantId: string): CoordinatorRow {
    const coordinator = findCoordinator(this.sql);
    if (!coordinator || coordinator.tenant_id !== tenantId) throw notFound("Thread", "of this session");
    return coordinator;
  }

  private agentName(roster: readonly SessionThreadAgent[], agentId: string): string {
    return roster.find((entry) => entry.id === agentId)?.name ?? agentId;
  }

  /** A session that refuses an event (terminated, deleted) has nothing more to receive; anything else is retried. */
  private async tolerateRefusal(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
}

// What every capability of an AgentObject shares: its storage, the agent record, the transcript write with its event
// hooks, and the one alarm over the schedule of due work. Capabilities (src/agent/capabilities/) register the work kinds
// they run and the events they watch; nothing here knows what any of them does.
import { ApiError, notFound } from "../platform/errors";
import { directoryOf } from "../platform/stubs";
import type { ToolsetHost } from "../schemas/agent-toolset";
import type { Env } from "../env";
import type { Agent } from "../schemas/agent";
import type { SessionEventType } from "../schemas/recorded-events";
import type { SessionEvent } from "../schemas/session-event";
import { allWork, completeWork, deferWork, dueWork, putWork, type ScheduledWork, type WorkKind, workKey } from "../schedule/work-schedule";
import { appendEvent } from "../transcript/event-log";
import { LiveStreams } from "../transcript/live-stream";
import { type AgentRow, findAgentRow, renderAgent } from "./agent-versions";
import type { Append } from "./session-status";

/** How long failed work waits before its next try. */
const FAILED_WORK_RETRY_MS = 5_000;
/** How long in-flight work may go without finishing before the alarm assumes it died with the object and re-runs it. */
const WATCHDOG_MS = 60_000;

/** Runs one due row of its kind; `signal` is aborted when the work is no longer wanted (an interrupt). */
export type WorkRunner = (work: ScheduledWork, signal: AbortSignal) => Promise<void>;

/**
 * Acts on events of the types it names, once per transcript write that appended any: `inTransaction` runs inside the
 * write's transaction (what it writes commits with the events, or neither does) and may return what to do after commit.
 */
export interface EventHook {
  types: readonly SessionEventType[];
  inTransaction(sessionId: string, events: SessionEvent[]): (() => void) | undefined;
}

/** A part of the AgentObject: the RPC methods it answers, the due work it runs, the events and moments it acts on. */
export interface AgentCapability {
  rpc?: object;
  work?: Partial<Record<WorkKind, WorkRunner>>;
  hooks?: readonly EventHook[];
  /** The agent was created, changed, archived or restored: settings derived from its config are brought in line. */
  agentChanged?(): Promise<void>;
  /** A session's turn ended with the session idle. */
  turnEnded?(sessionId: string): Promise<void>;
}

export class AgentCore {
  readonly sql: SqlStorage;
  readonly live: LiveStreams;
  /** Work running in this instance, with the means to abort it; lost (correctly) when the object is evicted. */
  private readonly inflight = new Map<string, AbortController>();
  private readonly runners = new Map<WorkKind, WorkRunner>();
  private readonly hooks: EventHook[] = [];
  private readonly capabilities: AgentCapability[] = [];
  private readonly toolsetHosts = new Map<string, ToolsetHost>();

  constructor(
    readonly ctx: DurableObjectState,
    readonly env: Env,
  ) {
    this.sql = ctx.storage.sql;
    this.live = new LiveStreams(ctx);
  }

  /** Adds a capability; a work kind has exactly one runner. */
  register(capability: AgentCapability): void {
    for (const [kind, runner] of Object.entries(capability.work ?? {}) as [WorkKind, WorkRunner][]) {
      if (this.runners.has(kind)) throw new Error(`two capabilities run '${kind}' work`);
      this.runners.set(kind, runner);
    }
    this.hooks.push(...(capability.hooks ?? []));
    this.capabilities.push(capability);
  }

  // --- The agent record ---

  /** The agent, if the caller's tenant owns it; anyone else's, or none, is not found (the same answer either way). */
  requireAgent(tenantId: string, agentId: string): AgentRow {
    const row = findAgentRow(this.sql);
    if (!row || row.tenant_id !== tenantId || row.id !== agentId) throw notFound("Agent", agentId);
    return row;
  }

  /** The agent of this object, for work the object runs on its own (a step, an alarm): it exists, or there is no work. */
  agentRow(): AgentRow {
    const row = findAgentRow(this.sql);
    if (!row) throw new Error("agent object has no agent");
    return row;
  }

  tenantId(): string {
    return this.agentRow().tenant_id;
  }

  agentAt(version: number): Agent {
    return renderAgent(this.sql, this.agentRow(), version);
  }

  /**
   * Where the toolset of sessions in this environment runs. An environment never changes type, so an answer holds for
   * the object's life; a deleted environment runs no worker, and its sessions keep the workspace tools.
   */
  /** What toolsetHostOf has learnt of an environment in this instance, without asking (for code inside a transaction). */
  knownToolsetHost(environmentId: string): ToolsetHost | undefined {
    return this.toolsetHosts.get(environmentId);
  }

  async toolsetHostOf(environmentId: string): Promise<ToolsetHost> {
    const known = this.toolsetHosts.get(environmentId);
    if (known) return known;
    const environment = await directoryOf(this.env, this.tenantId())
      .getEnvironment(environmentId)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.type === "not_found_error") return null;
        throw error;
      });
    const host = environment?.config.type ?? "cloud";
    this.toolsetHosts.set(environmentId, host);
    return host;
  }

  async agentChanged(): Promise<void> {
    for (const capability of this.capabilities) await capability.agentChanged?.();
  }

  async turnEnded(sessionId: string): Promise<void> {
    for (const capability of this.capabilities) await capability.turnEnded?.(sessionId);
  }

  // --- The transcript ---

  /** Appends what `write` appends and runs the hooks that watch those events, in one transaction; then publishes them live. */
  record(sessionId: string, write: (append: Append) => void): SessionEvent[] {
    const appended: SessionEvent[] = [];
    const afterCommit = this.ctx.storage.transactionSync(() => {
      write((type, ...args) => {
        const { event } = appendEvent(this.sql, sessionId, type, ...args);
        appended.push(event);
        return event;
      });
      return this.hooks.flatMap((hook) => {
        const watched = appended.filter((event) => hook.types.includes(event.type));
        return watched.length ? (hook.inTransaction(sessionId, watched) ?? []) : [];
      });
    });
    for (const event of appended) this.live.publish(sessionId, event);
    for (const then of afterCommit) then();
    return appended;
  }

  // --- Due work: one schedule table under one alarm ---

  /** Puts (or moves) the one row of (kind, ref) and arms the alarm; work already due starts now. */
  async schedule(kind: WorkKind, ref: string, dueAt: number): Promise<void> {
    putWork(this.sql, kind, ref, dueAt);
    await this.armAlarm();
    if (dueAt <= Date.now()) this.ctx.waitUntil(this.runDueWork());
  }

  /** Runs what became due in a transaction that put rows into the schedule itself (an event hook). */
  runNewWork(): void {
    this.ctx.waitUntil(this.armAlarm().then(() => this.runDueWork()));
  }

  /** Aborts the run of (kind, ref) in progress in this instance, if any. */
  abortWork(kind: WorkKind, ref: string): void {
    this.inflight.get(workKey({ kind, ref }))?.abort();
  }

  async runDueWork(): Promise<void> {
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
      const run = this.runners.get(work.kind);
      if (!run) throw new Error(`no capability runs '${work.kind}' work`);
      await run(work, controller.signal);
      completeWork(this.sql, work.id);
    } catch (error) {
      // Keep the row, due again a little later: work is idempotent, so a retry is safe, and waiting keeps a failure
      // that repeats (an unreachable object, a bug) from spinning this object in a loop.
      deferWork(this.sql, work.id, Date.now() + FAILED_WORK_RETRY_MS);
      console.error(`${work.kind} ${work.ref} failed; retrying in ${FAILED_WORK_RETRY_MS / 1000} s`, error);
    } finally {
      this.inflight.delete(workKey(work));
    }
    await this.runDueWork();
  }

  /** Sets the one alarm to the earliest due work; work in flight counts as due after the watchdog's delay. */
  async armAlarm(): Promise<void> {
    const now = Date.now();
    const times = allWork(this.sql).map((work) => (this.inflight.has(workKey(work)) ? now + WATCHDOG_MS : work.due_at));
    if (times.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.min(...times));
  }
}

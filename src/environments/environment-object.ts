// EnvironmentObject: one per self-hosted environment, named by its id. The environment's work queue: sessions enqueued
// to run on the user's machines, handed out to polling workers with a token each, held under heartbeat leases, and
// stopped gracefully or by force. Storage is created by the first enqueue; an environment never used writes nothing.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { environmentIdOfWork } from "../ids";
import { type Admission, type TokenBucket, takeToken } from "../directory/token-bucket";
import { setBounded } from "../platform/bounded-map";
import { notFound } from "../platform/errors";
import { agentOf } from "../platform/stubs";
import { type AbsentAnswers, invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import type { PageQuery } from "../schemas/common";
import {
  DEFAULT_RECLAIM_OLDER_THAN_MS,
  type SelfHostedWork,
  type SessionWork,
  type SessionWorkRequest,
  type WorkGrant,
  type WorkHeartbeatQuery,
  type WorkHeartbeatResponse,
  type WorkQueueStats,
  type WorkUpdateRequest,
} from "../schemas/environment-work";
import { sha256Hex } from "../sha256";
import { ObjectSchema } from "../storage/object-schema";
import { adoptEnvironment, findEnvironment, requireEnvironment } from "./environment-record";
import { ENVIRONMENT_MIGRATIONS } from "./schema";
import {
  currentWorkOfSession,
  grantOf,
  insertWork,
  listWork,
  liveWorkOfSession,
  patchWorkMetadata,
  renderWork,
  requireWork,
  findWork,
  type WorkRow,
} from "./work-items";
import { ackWork, defaultLeaseTtlSeconds, heartbeatWork, isHeld, nextSweepAt, stopWork, sweepLapsed } from "./work-leases";
import { claimWork, hasClaimableWork, PollWaiters, WorkerSightings } from "./work-polling";
import { emptyQueueStats, queueStats } from "./work-stats";
import { hashesEqual } from "../directory/api-key-secret";
import { encodeWorkSecret, newWorkSecret } from "./work-tokens";

/** A worker's poll: who asks (`Anthropic-Worker-ID`), how long it waits, and the origin its item's secret names. */
export type WorkPollRequest = { worker_id: string | null; block_ms?: number; reclaim_older_than_ms?: number; api_base_url: string };

/** Work tokens whose request budgets this object keeps at once; past it, the budget used longest ago is forgotten (starts full). */
const MAX_TOKEN_BUDGETS = 10_000;

const noSuchWork = (workId: string): never => {
  throw notFound("Work item", workId);
};

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const ENVIRONMENT_RPC = [
  "enqueueSession",
  "poll",
  "ack",
  "heartbeat",
  "stop",
  "retrieve",
  "list",
  "update",
  "stats",
  "admitWorkToken",
  "sessionWork",
  "stopSessionWork",
  "stopAllWork",
] as const satisfies RpcSurface<EnvironmentObject>;

/** A session's first work item creates the environment's queue, and with it its object's storage. */
const ENVIRONMENT_CREATORS = ["enqueueSession"] as const satisfies readonly (typeof ENVIRONMENT_RPC)[number][];

export class EnvironmentObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly schema: ObjectSchema;
  private readonly leaseTtlSeconds: number;
  private readonly waiters = new PollWaiters();
  private readonly sightings = new WorkerSightings();
  /** Each handed-out item's token has its own request budget, by work id, in memory like an API key's; dropped when it stops. */
  private readonly tokenBudgets = new Map<string, TokenBucket>();
  /**
   * What calls answer while nothing was ever enqueued: an empty queue, no token, no session's work, nothing to stop;
   * a poll still waits its `block_ms` for the first enqueue. Nothing is created to answer them.
   */
  private readonly absent: AbsentAnswers<EnvironmentObject> = {
    poll: (tenantId, environmentId, request) => this.pollBeforeAnyWork(tenantId, environmentId, request),
    stats: () => emptyQueueStats(this.sightings.count(Date.now())),
    list: () => ({ data: [], next_page: null }),
    admitWorkToken: () => null,
    sessionWork: () => null,
    stopSessionWork: () => null,
    stopAllWork: () => 0,
    retrieve: (_tenantId, _environmentId, workId) => noSuchWork(workId),
    update: (_tenantId, _environmentId, workId) => noSuchWork(workId),
    ack: (_tenantId, _environmentId, workId) => noSuchWork(workId),
    heartbeat: (_tenantId, _environmentId, workId) => noSuchWork(workId),
    stop: (_tenantId, _environmentId, workId) => noSuchWork(workId),
    otherwise: () => notFound("Work queue", "of this environment"),
  };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.schema = new ObjectSchema(this.sql, ENVIRONMENT_MIGRATIONS);
    this.leaseTtlSeconds = defaultLeaseTtlSeconds(env.LUCID_WORK_LEASE_TTL_SECONDS);
  }

  /** The one RPC entry point callers use (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, ENVIRONMENT_RPC, { schema: this.schema, creators: ENVIRONMENT_CREATORS, absent: this.absent });
  }

  /** Queues the session's work, unless it has a live item already (then that one); wakes waiting polls. */
  enqueueSession(tenantId: string, environmentId: string, session: SessionWorkRequest): SelfHostedWork {
    const now = new Date().toISOString();
    const row = this.ctx.storage.transactionSync(() => {
      adoptEnvironment(this.sql, tenantId, environmentId, now);
      return liveWorkOfSession(this.sql, session.session_id) ?? insertWork(this.sql, environmentId, session, now);
    });
    this.waiters.wakeAll();
    return renderWork(row, environmentId);
  }

  /**
   * Hands the oldest claimable item to the worker with a new token in its `secret`, waiting up to `block_ms` for one
   * to arrive; null when none did.
   */
  async poll(tenantId: string, environmentId: string, request: WorkPollRequest): Promise<SelfHostedWork | null> {
    const deadline = Date.now() + (request.block_ms ?? 0);
    const reclaimOlderThanMs = request.reclaim_older_than_ms ?? DEFAULT_RECLAIM_OLDER_THAN_MS;
    if (request.worker_id) this.sightings.saw(request.worker_id, Date.now());
    for (;;) {
      requireEnvironment(this.sql, tenantId, environmentId);
      if (hasClaimableWork(this.sql, Date.now(), reclaimOlderThanMs)) {
        const { secret, hash } = await newWorkSecret();
        // Chosen only now, after the hashing: another poll may have taken the item meanwhile, and then this one looks again.
        const row = claimWork(this.sql, Date.now(), reclaimOlderThanMs, request.worker_id, hash);
        if (row) {
          await this.armAlarm();
          return renderWork(row, environmentId, encodeWorkSecret(tenantId, row.id, secret, request.api_base_url));
        }
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      await this.waiters.wait(remaining);
    }
  }

  /** A poll of an environment nothing was enqueued to yet: it waits for the first enqueue, then polls as usual. */
  private async pollBeforeAnyWork(tenantId: string, environmentId: string, request: WorkPollRequest): Promise<SelfHostedWork | null> {
    const deadline = Date.now() + (request.block_ms ?? 0);
    if (request.worker_id) this.sightings.saw(request.worker_id, Date.now());
    while (!this.schema.exists) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      await this.waiters.wait(remaining);
    }
    return this.poll(tenantId, environmentId, { ...request, block_ms: Math.max(0, deadline - Date.now()) });
  }

  async ack(tenantId: string, environmentId: string, workId: string): Promise<SelfHostedWork> {
    requireEnvironment(this.sql, tenantId, environmentId);
    const row = ackWork(this.sql, requireWork(this.sql, environmentId, workId), this.leaseTtlSeconds, Date.now());
    await this.armAlarm();
    return renderWork(row, environmentId);
  }

  async heartbeat(tenantId: string, environmentId: string, workId: string, query: WorkHeartbeatQuery): Promise<WorkHeartbeatResponse> {
    requireEnvironment(this.sql, tenantId, environmentId);
    const answer = heartbeatWork(this.sql, requireWork(this.sql, environmentId, workId), query, this.leaseTtlSeconds, Date.now());
    await this.armAlarm();
    return answer;
  }

  /** A worker (or the owner) stops an item; once it is stopped, its session hears of it, in case calls are still pending. */
  async stop(tenantId: string, environmentId: string, workId: string, force: boolean): Promise<SelfHostedWork> {
    requireEnvironment(this.sql, tenantId, environmentId);
    const row = stopWork(this.sql, requireWork(this.sql, environmentId, workId), force, Date.now());
    await this.armAlarm();
    if (row.state === "stopped") {
      this.tokenBudgets.delete(row.id);
      await this.tellSessionItsWorkerLeft(tenantId, row);
    }
    return renderWork(row, environmentId);
  }

  /** Best effort: the session's own timer finds its pending calls anyway, only later (see agent/capabilities/worker-calls.ts). */
  private async tellSessionItsWorkerLeft(tenantId: string, row: WorkRow): Promise<void> {
    try {
      await agentOf(this.env, row.agent_id).workerLeft(tenantId, row.agent_id, row.session_id);
    } catch (error) {
      console.error(`work item ${row.id} stopped; its session ${row.session_id} could not be told`, error);
    }
  }

  retrieve(tenantId: string, environmentId: string, workId: string): SelfHostedWork {
    requireEnvironment(this.sql, tenantId, environmentId);
    return renderWork(requireWork(this.sql, environmentId, workId), environmentId);
  }

  list(tenantId: string, environmentId: string, query: PageQuery): { data: SelfHostedWork[]; next_page: string | null } {
    requireEnvironment(this.sql, tenantId, environmentId);
    return listWork(this.sql, environmentId, query);
  }

  update(tenantId: string, environmentId: string, workId: string, update: WorkUpdateRequest): SelfHostedWork {
    requireEnvironment(this.sql, tenantId, environmentId);
    return renderWork(patchWorkMetadata(this.sql, requireWork(this.sql, environmentId, workId), update.metadata), environmentId);
  }

  stats(tenantId: string, environmentId: string): WorkQueueStats {
    requireEnvironment(this.sql, tenantId, environmentId);
    return queueStats(this.sql, this.sightings.count(Date.now()));
  }

  /**
   * What a work token grants, if its secret is the one its item was last handed out with (null otherwise), and its
   * request taken from the token's budget of `perMinute` (0: unlimited) in the same call: the edge's one round trip.
   */
  async admitWorkToken(tenantId: string, workId: string, secret: string, perMinute: number): Promise<{ grant: WorkGrant; admission: Admission } | null> {
    const presentedHash = await sha256Hex(secret);
    const environment = findEnvironment(this.sql);
    if (!environment || environment.tenant_id !== tenantId || environmentIdOfWork(workId) !== environment.environment_id) return null;
    const row = findWork(this.sql, workId);
    if (!row?.secret_hash || !hashesEqual(presentedHash, row.secret_hash)) return null;
    return { grant: grantOf(row, environment.environment_id), admission: this.admitTokenRequest(workId, perMinute) };
  }

  private admitTokenRequest(workId: string, perMinute: number): Admission {
    if (perMinute <= 0) return { admitted: true };
    const { bucket, admission } = takeToken(this.tokenBudgets.get(workId), perMinute, Date.now());
    setBounded(this.tokenBudgets, workId, bucket, MAX_TOKEN_BUDGETS);
    return admission;
  }

  /** The session's current item (its live one, else its latest), and whether a worker holds it; null if it has none. */
  sessionWork(tenantId: string, sessionId: string): SessionWork | null {
    if (findEnvironment(this.sql)?.tenant_id !== tenantId) return null;
    const row = currentWorkOfSession(this.sql, sessionId);
    return row ? { work_id: row.id, state: row.state, held: isHeld(row, Date.now()) } : null;
  }

  /**
   * The environment was archived or deleted: every item that is not stopped stops at once, so no work token of it
   * reaches anything but its item's stop. How many items stopped.
   */
  stopAllWork(tenantId: string): number {
    if (findEnvironment(this.sql)?.tenant_id !== tenantId) return 0;
    const live = this.sql.exec<WorkRow>("SELECT * FROM work_items WHERE state != 'stopped'").toArray();
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (const row of live) stopWork(this.sql, row, true, now);
    });
    for (const row of live) this.tokenBudgets.delete(row.id);
    return live.length;
  }

  /** The session ended (deleted, interrupted, terminated): its live item stops, gracefully if a worker runs it. */
  async stopSessionWork(tenantId: string, sessionId: string): Promise<SelfHostedWork | null> {
    const environment = findEnvironment(this.sql);
    if (environment?.tenant_id !== tenantId) return null;
    const row = liveWorkOfSession(this.sql, sessionId);
    if (!row) return null;
    const stopped = row.state === "stopping" ? row : stopWork(this.sql, row, false, Date.now());
    await this.armAlarm();
    return renderWork(stopped, environment.environment_id);
  }

  /** Lapsed leases and unacked hand-outs go back to the queue (or to stopped); polls waiting for work are woken. */
  override async alarm(): Promise<void> {
    if (!this.schema.exists) return;
    if (sweepLapsed(this.sql, Date.now())) this.waiters.wakeAll();
    await this.armAlarm();
  }

  /** The one alarm, set to the next lease or hand-out that may lapse. */
  private async armAlarm(): Promise<void> {
    const due = nextSweepAt(this.sql);
    if (due === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(due);
  }
}

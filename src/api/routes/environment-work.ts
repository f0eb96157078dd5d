// /v1/environments/{id}/work: a self-hosted environment's work queue, as the SDK's `client.beta.environments.work`
// and its EnvironmentWorker call it (list, poll, stats, retrieve, update, ack, heartbeat, stop). The environment must
// be the tenant's and self-hosted; its EnvironmentObject holds the queue.
import { type Context, Hono } from "hono";
import { ApiError, echoed, invalidRequest } from "../../platform/errors";
import { directoryOf, type EnvironmentStub, environmentOf } from "../../platform/stubs";
import { PageQuery } from "../../schemas/common";
import {
  MAX_WORKER_ID_CHARS,
  SelfHostedWork,
  WorkHeartbeatQuery,
  WorkHeartbeatResponse,
  WorkPollQuery,
  WorkQueueStats,
  WorkStopRequest,
  WorkUpdateRequest,
} from "../../schemas/environment-work";
import { Page } from "../../schemas/page";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";

/** The queue of the tenant's environment `id`: not found unless the tenant has it, refused unless it is self-hosted. */
async function workQueueOf(c: Context<AppEnv>): Promise<{ environmentId: string; queue: EnvironmentStub }> {
  const environment = await directoryOf(c.env, c.get("tenantId")).getEnvironment(c.req.param("id")!);
  if (environment.config.type !== "self_hosted") {
    throw invalidRequest(`Environment '${environment.id}' is a ${environment.config.type} environment; only a self_hosted environment has a work queue.`);
  }
  return { environmentId: environment.id, queue: environmentOf(c.env, environment.id) };
}

/** The poller's `Anthropic-Worker-ID`, counted in the queue's `workers_polling`. */
function workerIdOf(c: Context<AppEnv>): string | null {
  const workerId = c.req.header("anthropic-worker-id")?.trim();
  if (!workerId) return null;
  if (workerId.length > MAX_WORKER_ID_CHARS) throw invalidRequest(`Anthropic-Worker-ID: at most ${MAX_WORKER_ID_CHARS} characters, not '${echoed(workerId)}'.`);
  return workerId;
}

export const environmentWorkRoutes = new Hono<AppEnv>()
  .get(
    "/:id/work",
    operation({
      operationId: "listEnvironmentWork",
      summary: "List the work items of a self-hosted environment",
      tag: "Environments",
      query: PageQuery,
      responses: { 200: Page(SelfHostedWork) },
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      return answer(c, await queue.list(c.get("tenantId"), environmentId, c.req.valid("query")));
    },
  )
  // Declared before `/:id/work/:work_id`, which would otherwise take `poll` and `stats` for work ids.
  .get(
    "/:id/work/poll",
    operation({
      operationId: "pollEnvironmentWork",
      summary: "Long-poll for a work item",
      description:
        "Hands the oldest queued item (or one handed out and not acknowledged within `reclaim_older_than_ms`, default 5000) to the worker, with a fresh `secret`; waits up to `block_ms` for one; answers `null` when none came.",
      tag: "Environments",
      query: WorkPollQuery,
      responses: { 200: SelfHostedWork.nullable() },
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      const query = c.req.valid("query");
      const request = { ...query, worker_id: workerIdOf(c), api_base_url: new URL(c.req.url).origin };
      return answer(c, await queue.poll(c.get("tenantId"), environmentId, request));
    },
  )
  .get(
    "/:id/work/stats",
    operation({
      operationId: "getEnvironmentWorkStats",
      summary: "Statistics of a self-hosted environment's work queue",
      tag: "Environments",
      responses: { 200: WorkQueueStats },
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      return answer(c, await queue.stats(c.get("tenantId"), environmentId));
    },
  )
  .get(
    "/:id/work/:work_id",
    operation({
      operationId: "retrieveEnvironmentWork",
      summary: "Retrieve a work item",
      tag: "Environments",
      responses: { 200: SelfHostedWork },
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      return answer(c, await queue.retrieve(c.get("tenantId"), environmentId, c.req.param("work_id")));
    },
  )
  .post(
    "/:id/work/:work_id",
    operation({
      operationId: "updateEnvironmentWork",
      summary: "Update a work item's metadata (a merge patch; null deletes a key)",
      tag: "Environments",
      body: WorkUpdateRequest,
      responses: { 200: SelfHostedWork },
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      return answer(c, await queue.update(c.get("tenantId"), environmentId, c.req.param("work_id"), c.req.valid("json")));
    },
  )
  .post(
    "/:id/work/:work_id/ack",
    operation({
      operationId: "ackEnvironmentWork",
      summary: "Acknowledge a polled work item (queued → starting)",
      tag: "Environments",
      responses: { 200: SelfHostedWork },
      errors: [409],
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      return answer(c, await queue.ack(c.get("tenantId"), environmentId, c.req.param("work_id")));
    },
  )
  .post(
    "/:id/work/:work_id/heartbeat",
    operation({
      operationId: "heartbeatEnvironmentWork",
      summary: "Renew a work item's lease",
      description:
        "`expected_last_heartbeat` must be the previous answer's `last_heartbeat` exactly (`NO_HEARTBEAT` for the first beat), else 412 `heartbeat_precondition_failed` with the lease's `current_state`; not compared once the item is stopping or stopped. The answer's `state` tells the worker to stop.",
      tag: "Environments",
      query: WorkHeartbeatQuery,
      responses: { 200: WorkHeartbeatResponse },
      errors: [409, 412],
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      return answer(c, await queue.heartbeat(c.get("tenantId"), environmentId, c.req.param("work_id"), c.req.valid("query")));
    },
  )
  .post(
    "/:id/work/:work_id/stop",
    operation({
      operationId: "stopEnvironmentWork",
      summary: "Stop a work item, gracefully (stopping, seen by its worker's next heartbeat) or by force (stopped)",
      tag: "Environments",
      body: WorkStopRequest,
      responses: { 200: SelfHostedWork },
      errors: [409],
    }),
    async (c) => {
      const { environmentId, queue } = await workQueueOf(c);
      try {
        return answer(c, await queue.stop(c.get("tenantId"), environmentId, c.req.param("work_id"), c.req.valid("json").force ?? false));
      } catch (error) {
        // Already stopped: final, so the SDK should not spend its retries on it (it retries a 409 otherwise).
        if (error instanceof ApiError && error.type === "conflict_error") c.header("x-should-retry", "false");
        throw error;
      }
    },
  );

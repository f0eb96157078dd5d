// Toolset calls handed to a self-hosted environment's worker: a call that no worker takes within the timeout
// (LUCID_WORKER_TOOL_TIMEOUT_MS, default 120 s) is answered with an error result saying so, its work item is stopped
// (a worker arriving late finds nothing to run), and the session goes on. A worker holding the session's lease has
// taken its calls: the bash tool's own timeout bounds them, so the wait is renewed.
import { environmentOf } from "../../platform/stubs";
import { isWorkerToolName } from "../../schemas/agent-toolset";
import type { SessionEventOf } from "../../schemas/recorded-events";
import { putWork } from "../../schedule/work-schedule";
import { readEvents } from "../../transcript/event-log";
import type { AgentCapability, AgentCore } from "../agent-core";
import { findSession, requireSession, sessionResources } from "../session-store";
import { queueForWorker } from "../../tools/worker-tools";
import { pendingBuiltinToolUses } from "../transcript";

const DEFAULT_TIMEOUT_MS = 120_000;

export function workerCalls(core: AgentCore) {
  const timeoutMs = Number(core.env.LUCID_WORKER_TOOL_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);

  const untakenResult = (environmentId: string) =>
    `No worker of self-hosted environment '${environmentId}' took this call within ${Math.round(timeoutMs / 1000)} s, so it did not run. ` +
    "Start a worker for the environment (npm run worker -- --environment <id>), then try again.";

  const pendingWorkerCalls = (sessionId: string): SessionEventOf<"agent.tool_use">[] =>
    pendingBuiltinToolUses(readEvents(core.sql, sessionId).map((stored) => stored.event)).filter((call) => isWorkerToolName(call.name));

  /** Answers the calls no worker took in time; renews the wait while a worker holds the session or calls are younger. */
  const checkCalls = async (sessionId: string): Promise<void> => {
    const row = findSession(core.sql, sessionId);
    if (row?.status !== "running" || (await core.toolsetHostOf(row.environment_id)) !== "self_hosted") return;
    const calls = pendingWorkerCalls(sessionId);
    if (calls.length === 0) return;
    const now = Date.now();
    const dueAt = (call: SessionEventOf<"agent.tool_use">) => Date.parse(call.processed_at) + timeoutMs;
    const environment = environmentOf(core.env, row.environment_id);
    const work = await environment.sessionWork(core.tenantId(), sessionId);
    if (!work || work.state === "stopped") {
      // A worker took the session and left before these calls reached it (it stops ~60 s after a turn ends, and may
      // stop while a new call is handed over): queue the session again and give another worker the full time.
      await queueForWorker(core.env, core.tenantId(), row.environment_id, { sessionId, agentId: core.agentRow().id, stores: sessionResources(row) });
      putWork(core.sql, "worker_call_timeout", sessionId, now + timeoutMs);
      return;
    }
    const overdue = work.held ? [] : calls.filter((call) => dueAt(call) <= now);
    const later = calls.filter((call) => !overdue.includes(call));
    if (later.length) putWork(core.sql, "worker_call_timeout", sessionId, work.held ? now + timeoutMs : Math.min(...later.map(dueAt)));
    if (overdue.length === 0) return;
    await environment.stopSessionWork(core.tenantId(), sessionId);
    core.record(sessionId, (append) => {
      for (const call of overdue) {
        append("user.tool_result", { tool_use_id: call.id, content: [{ type: "text", text: untakenResult(row.environment_id) }], is_error: true });
      }
    });
    await core.schedule("session_step", sessionId, Date.now());
  };

  const rpc = {
    /**
     * A worker stopped the session's work item (it leaves a session ~60 s after a turn ends, and may do so while a new
     * call is on its way): calls still pending are checked now, which queues the session again, rather than when
     * their wait would end.
     */
    async workerLeft(tenantId: string, agentId: string, sessionId: string): Promise<void> {
      core.requireAgent(tenantId, agentId);
      requireSession(core.sql, sessionId);
      if (pendingWorkerCalls(sessionId).length) await core.schedule("worker_call_timeout", sessionId, Date.now());
    },
  };

  return {
    rpc,
    work: { worker_call_timeout: (work) => checkCalls(work.ref) },
    hooks: [
      {
        // A call of a worker's tool in a session whose environment may be self-hosted starts the wait, in the
        // transaction that records it (a cloud session's calls run at once and the check then finds none pending).
        types: ["agent.tool_use"],
        inTransaction: (sessionId, events) => {
          if (!events.some((event) => event.type === "agent.tool_use" && isWorkerToolName(event.name))) return undefined;
          const row = findSession(core.sql, sessionId);
          if (!row || core.knownToolsetHost(row.environment_id) === "cloud") return undefined;
          putWork(core.sql, "worker_call_timeout", sessionId, Date.now() + timeoutMs);
          return () => core.runNewWork();
        },
      },
    ],
  } satisfies AgentCapability;
}

// A multiagent session on both ends: a coordinator receives its orchestrator's thread events and the results of its
// waits; a thread tells its orchestrator of its status changes, through a durable `thread_callback` retried until acknowledged.
import { orchestratorOf } from "../../platform/stubs";
import type { CoordinatorEvent } from "../../multiagent/coordinator-events";
import { buildThreadReport, scheduleThreadCallback, THREAD_STATUS_EVENT_TYPES } from "../../multiagent/thread-report";
import { putWork } from "../../schedule/work-schedule";
import type { ToolOutcome } from "../../tools/tool-outcome";
import { readEvents } from "../../transcript/event-log";
import type { AgentCapability, AgentCore } from "../agent-core";
import { findSession, requireSession } from "../session-store";
import { pendingBuiltinToolUses } from "../transcript";

/** How soon a thread's callback to an unreachable orchestrator is tried again. */
const THREAD_CALLBACK_RETRY_MS = 1_000;

export function threadCallbacks(core: AgentCore) {
  /** Tells a thread's orchestrator of its status changes since the last it acknowledged; retried until it does. */
  const reportThreadStatus = async (sessionId: string): Promise<void> => {
    const row = findSession(core.sql, sessionId);
    if (!row?.coordinator_session_id) return;
    const report = buildThreadReport(sessionId, readEvents(core.sql, sessionId), row.thread_reported_seq);
    if (!report.changes.length) return;
    try {
      const { acknowledged_seq } = await orchestratorOf(core.env, row.coordinator_session_id).threadChanged(report);
      core.sql.exec("UPDATE sessions SET thread_reported_seq = MAX(thread_reported_seq, ?) WHERE id = ?", acknowledged_seq, sessionId);
    } catch (error) {
      console.error(`thread ${sessionId} could not report to its orchestrator; retrying`, error);
      putWork(core.sql, "thread_callback", sessionId, Date.now() + THREAD_CALLBACK_RETRY_MS);
    }
  };

  const rpc = {
    /** Appends the orchestrator's thread events to the coordinator's stream; an event already recorded is skipped. */
    appendThreadEvents(tenantId: string, agentId: string, sessionId: string, events: CoordinatorEvent[]): void {
      core.requireAgent(tenantId, agentId);
      requireSession(core.sql, sessionId);
      core.record(sessionId, (append) => {
        for (const event of events) {
          if (core.sql.exec("SELECT 1 FROM events WHERE id = ?", event.id).toArray().length === 0) append(event.type, event.fields, event.id);
        }
      });
    },

    /** Records a wait's result once, if the coordinator still waits for it (an interrupt answers it otherwise), and runs on. */
    async completeThreadWait(tenantId: string, agentId: string, sessionId: string, toolUseId: string, outcome: ToolOutcome): Promise<void> {
      core.requireAgent(tenantId, agentId);
      const waiting = pendingBuiltinToolUses(readEvents(core.sql, sessionId).map((stored) => stored.event)).some((event) => event.id === toolUseId);
      if (!waiting || requireSession(core.sql, sessionId).status !== "running") return;
      core.record(sessionId, (append) =>
        append("agent.tool_result", { tool_use_id: toolUseId, content: [{ type: "text", text: outcome.content }], is_error: outcome.is_error }),
      );
      await core.schedule("session_step", sessionId, Date.now());
    },
  };

  return {
    rpc,
    work: { thread_callback: (work) => reportThreadStatus(work.ref) },
    hooks: [
      {
        // A thread's status change puts its callback in the schedule in the same transaction, so it is never lost.
        types: THREAD_STATUS_EVENT_TYPES,
        inTransaction: (sessionId, events) => (scheduleThreadCallback(core.sql, sessionId, events) ? () => core.runNewWork() : undefined),
      },
    ],
  } satisfies AgentCapability;
}

// Running sessions: the `session_step` work, and the StepHost a step (src/agent/session-runner.ts) and a grading step
// (src/outcomes/grading-step.ts) work through. The host is this capability's own object, reachable by no RPC.
import { type CrashPoint, passCrashPointAfterCommit } from "../../faults/crash-points";
import { retryPolicyFrom } from "../../model/backoff";
import { createModelClient } from "../../model/model-client";
import type { PreviewFrame } from "../../schemas/preview-frame";
import type { SessionEventOf } from "../../schemas/recorded-events";
import { BUILTIN_TOOLS } from "../../tools/registry";
import type { ToolOutcome } from "../../tools/tool-outcome";
import type { ToolContext } from "../../tools/toolset";
import type { AgentCapability, AgentCore } from "../agent-core";
import { syncSessionListing } from "../agent-listings";
import { deliverQueuedMessages } from "../inbox";
import { attachedStores, loadSessionMemory } from "../session-memory";
import { runSessionStep } from "../session-runner";
import { sessionWorkspaceId } from "../session-workspace";
import type { Append } from "../session-status";
import { requireSession, sessionMultiagent, sessionResources } from "../session-store";
import type { StepHost } from "../step-host";

export function sessionSteps(core: AgentCore) {
  const hasMemory = (sessionId: string) => sessionResources(requireSession(core.sql, sessionId)).length > 0;

  const toolContext = async (sessionId: string): Promise<ToolContext> => {
    const row = requireSession(core.sql, sessionId);
    const toolsetHost = await core.toolsetHostOf(row.environment_id);
    return {
      env: core.env,
      tenantId: core.tenantId(),
      sessionId,
      environmentId: row.environment_id,
      toolsetHost,
      agent: core.agentAt(row.agent_version),
      stores: attachedStores(sessionResources(row)),
      roster: sessionMultiagent(row)?.agents ?? null,
      workspaceId: () => sessionWorkspaceId(core.sql, sessionId),
    };
  };

  const stepHost: StepHost = {
    sql: core.sql,
    retryPolicy: retryPolicyFrom(core.env),
    agentAt: (version) => core.agentAt(version),
    modelClient: () => createModelClient(core.env),
    record: (sessionId, write) => core.record(sessionId, write),
    preview: (sessionId: string, frame: PreviewFrame) => core.live.publishPreview(sessionId, frame),
    scheduleStep: (sessionId, dueAt) => core.schedule("session_step", sessionId, dueAt),
    deliverInbox: (sessionId: string, append: Append) => deliverQueuedMessages(core.sql, sessionId, append),
    hasMemory,
    async loadMemory(sessionId, task) {
      const row = requireSession(core.sql, sessionId);
      const budget = core.agentAt(row.agent_version).memory.token_budget;
      return loadSessionMemory(core.env, core.tenantId(), attachedStores(sessionResources(row)), task, budget);
    },
    toolContext,
    async runBuiltinTool(
      sessionId: string,
      toolUse: SessionEventOf<"agent.tool_use">,
      signal: AbortSignal = new AbortController().signal,
    ): Promise<ToolOutcome> {
      return BUILTIN_TOOLS.run({ id: toolUse.id, name: toolUse.name, input: toolUse.input }, await toolContext(sessionId), signal);
    },
    turnEnded: (sessionId) => core.turnEnded(sessionId),
    crashPoint: (point: CrashPoint) => passCrashPointAfterCommit(core.ctx, point),
  };

  return {
    stepHost,
    work: {
      session_step: async (work, signal) => {
        try {
          await runSessionStep(stepHost, work.ref, signal);
        } finally {
          await syncSessionListing(core, work.ref).catch(() => undefined);
        }
      },
    },
  } satisfies AgentCapability & { stepHost: StepHost };
}

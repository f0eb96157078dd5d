// Running sessions: the `session_step` work, and the StepHost a step (src/agent/session-runner.ts) and a grading step
// (src/outcomes/grading-step.ts) work through. The host is this capability's own object, reachable by no RPC.
import { type CrashPoint, passCrashPointAfterCommit } from "../../faults/crash-points";
import { retryPolicyFrom } from "../../model/backoff";
import { createModelClient } from "../../model/model-client";
import type { PreviewFrame } from "../../schemas/preview-frame";
import { mcpOfferedName } from "../../schemas/mcp-servers";
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
import { forgetMcpToolList, listMissingMcpTools, type McpListFailures, offeredMcpTools, timeoutOf } from "../session-mcp-tools";
import { requireSession, sessionMultiagent, sessionResources, sessionVaultIds } from "../session-store";
import type { StepHost } from "../step-host";
import { type RunnableToolUse, shownTextsOf } from "../transcript";
import { readEvents } from "../../transcript/event-log";

export function sessionSteps(core: AgentCore) {
  const mcpListFailures: McpListFailures = new Map();
  const hasMemory = (sessionId: string) => sessionResources(requireSession(core.sql, sessionId)).length > 0;

  const toolContext = async (sessionId: string): Promise<ToolContext> => {
    const row = requireSession(core.sql, sessionId);
    const toolsetHost = await core.toolsetHostOf(row.environment_id);
    const agent = core.agentAt(row.agent_version);
    return {
      env: core.env,
      tenantId: core.tenantId(),
      sessionId,
      environmentId: row.environment_id,
      toolsetHost,
      agent,
      stores: attachedStores(sessionResources(row)),
      roster: sessionMultiagent(row)?.agents ?? null,
      workspaceId: () => sessionWorkspaceId(core.sql, sessionId),
      mcpTools: offeredMcpTools(core.sql, sessionId, agent),
      vaultIds: sessionVaultIds(row),
      mcpTimeoutMs: timeoutOf(core.env),
      mcpToolsChanged: (serverName) => forgetMcpToolList(core.sql, sessionId, serverName),
      shownTexts: () => shownTextsOf(readEvents(core.sql, sessionId).map((stored) => stored.event)),
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
    async listMcpTools(sessionId, signal) {
      const row = requireSession(core.sql, sessionId);
      const agent = core.agentAt(row.agent_version);
      if (agent.mcp_servers.length === 0) return;
      const context = {
        env: core.env,
        sql: core.sql,
        record: core.record.bind(core),
        tenantId: core.tenantId(),
        vaultIds: sessionVaultIds(row),
        failures: mcpListFailures,
      };
      await listMissingMcpTools(context, sessionId, agent, signal);
    },
    async runBuiltinTool(sessionId: string, toolUse: RunnableToolUse, signal: AbortSignal = new AbortController().signal): Promise<ToolOutcome> {
      // An MCP call is recorded under the server's name for its tool; the toolset knows it by the name the model saw.
      const name = toolUse.type === "agent.mcp_tool_use" ? mcpOfferedName(toolUse.mcp_server_name, toolUse.name) : toolUse.name;
      return BUILTIN_TOOLS.run({ id: toolUse.id, name, input: toolUse.input }, await toolContext(sessionId), signal);
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

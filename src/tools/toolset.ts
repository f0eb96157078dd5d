// What a family of built-in tools is to the session step: the tools it offers a session, the names it owns, its runner.
import type Anthropic from "@anthropic-ai/sdk";
import type { Env } from "../env";
import type { Agent } from "../schemas/agent";
import type { PermissionPolicy, ToolsetHost } from "../schemas/agent-toolset";
import type { SessionThreadAgent } from "../schemas/multiagent";
import type { OfferedMcpTool } from "./mcp-tools";
import type { ShownText } from "./web-url-sources";
import type { AttachedStore } from "./memory-tools";
import type { ToolOutcome } from "./tool-outcome";

/**
 * What every toolset may use, built by the object that owns the session once per step: toolsets take it as given
 * and reach for nothing else, so a new family needs no change to the step.
 */
export interface ToolContext {
  readonly env: Env;
  readonly tenantId: string;
  readonly sessionId: string;
  readonly environmentId: string;
  /** Where the agent toolset runs: Lucid's workspace (a cloud environment) or the environment's worker (self-hosted). */
  readonly toolsetHost: ToolsetHost;
  /** The agent version the session runs: its toolset config, custom tools and multiagent settings. */
  readonly agent: Agent;
  /** The memory stores attached to the session; none means no memory tools. */
  readonly stores: readonly AttachedStore[];
  /** A coordinator session's specialists; null for any other session. */
  readonly roster: readonly SessionThreadAgent[] | null;
  /** The session's workspace, named on first use: a session that never touches a file never gets one. */
  workspaceId(): string;
  /** The tools of the agent's MCP servers this session offers (listed before the step). */
  readonly mcpTools: readonly OfferedMcpTool[];
  /** The session's vaults, whose credentials its MCP calls present. */
  readonly vaultIds: readonly string[];
  /** How long one MCP call may take (milliseconds). */
  readonly mcpTimeoutMs: number;
  /** A server said its tool list changed: the session lists it again at its next step. */
  mcpToolsChanged(serverName: string): void;
  /** What the conversation has shown the model so far, by source (web_fetch's url_sources); read when asked. */
  shownTexts(): readonly ShownText[];
}

/** A recorded call of a built-in tool: its id is the `agent.tool_use` event's, which its writes carry. */
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

export interface Toolset {
  /** The family's name, for errors and docs (`file`, `memory`, `thread`). */
  readonly family: string;
  /** The tools this session's model is offered, in a fixed order (the cached prompt prefix depends on it). */
  definitions(context: ToolContext): Anthropic.Tool[];
  /** Whether the name is one of this family's tools in this session; exactly one toolset owns a name. */
  owns(name: string, context: ToolContext): boolean;
  /**
   * The permission policy of one of its tools as the agent configures it; a family without the notion (memory and
   * thread tools) leaves it out and its calls are allowed. `always_ask` holds a call for a `user.tool_confirmation`.
   */
  permission?(name: string, context: ToolContext): PermissionPolicy;
  /**
   * Runs one call. Problems the agent can act on come back as error outcomes, never exceptions; once `signal` (the
   * step's, aborted by an interrupt) is aborted, the call stops as soon as it can with an interrupted outcome.
   */
  run(call: ToolCall, context: ToolContext, signal: AbortSignal): Promise<ToolOutcome>;
}

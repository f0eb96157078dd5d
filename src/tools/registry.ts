// The one list of built-in tool families: what a session's model is offered, and which family runs a recorded call.
import type Anthropic from "@anthropic-ai/sdk";
import { fileTools } from "./file-tools";
import { mcpTools } from "./mcp-tools";
import { memoryTools } from "./memory-tools";
import { threadTools } from "./thread-tools";
import { webTools } from "./web-tools";
import { workerTools } from "./worker-tools";
import { type ToolOutcome, toolFailed } from "./tool-outcome";
import type { ToolCall, ToolContext, Toolset } from "./toolset";

export interface ToolRegistry {
  /** Every toolset's definitions for this session, family after family in the list's order. */
  definitions(context: ToolContext): Anthropic.Tool[];
  /** Runs a call on the toolset that owns its name; a name none owns is refused with an error outcome. */
  run(call: ToolCall, context: ToolContext, signal: AbortSignal): Promise<ToolOutcome>;
  /** What a call of this name is allowed to do before it runs: run, or wait for the user's confirmation. */
  permission(name: string, context: ToolContext): "allow" | "ask";
  /** The family that owns the name in this session, if any. */
  owner(name: string, context: ToolContext): Toolset | undefined;
}

export function toolRegistry(toolsets: readonly Toolset[]): ToolRegistry {
  const owner = (name: string, context: ToolContext) => toolsets.find((toolset) => toolset.owns(name, context));
  return {
    definitions: (context) => toolsets.flatMap((toolset) => toolset.definitions(context)),
    owner,
    async run(call, context, signal) {
      const family = owner(call.name, context);
      if (!family) return toolFailed(`Unknown built-in tool '${call.name}'.`);
      return family.run(call, context, signal);
    },
    // `auto` is evaluated as allow: Lucid has no classifier to judge a call by, and asking every time would be `always_ask`.
    permission(name, context) {
      return owner(name, context)?.permission?.(name, context).type === "always_ask" ? "ask" : "allow";
    },
  };
}

/**
 * The built-in tool families, in the order the model is offered them (after the agent's custom tools). The order is
 * part of the cached prompt prefix, so a new family goes at the end.
 */
export const BUILTIN_TOOLSETS: readonly Toolset[] = [fileTools, memoryTools, threadTools, workerTools, mcpTools, webTools];

export const BUILTIN_TOOLS = toolRegistry(BUILTIN_TOOLSETS);

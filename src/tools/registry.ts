// The one list of built-in tool families: what a session's model is offered, and which family runs a recorded call.
import type Anthropic from "@anthropic-ai/sdk";
import { fileTools } from "./file-tools";
import { memoryTools } from "./memory-tools";
import { threadTools } from "./thread-tools";
import { type ToolOutcome, toolFailed } from "./tool-outcome";
import type { ToolCall, ToolContext, Toolset } from "./toolset";

export interface ToolRegistry {
  /** Every toolset's definitions for this session, family after family in the list's order. */
  definitions(context: ToolContext): Anthropic.Tool[];
  /** Runs a call on the toolset that owns its name; a name none owns is refused with an error outcome. */
  run(call: ToolCall, context: ToolContext, signal: AbortSignal): Promise<ToolOutcome>;
}

export function toolRegistry(toolsets: readonly Toolset[]): ToolRegistry {
  return {
    definitions: (context) => toolsets.flatMap((toolset) => toolset.definitions(context)),
    async run(call, context, signal) {
      const owner = toolsets.find((toolset) => toolset.owns(call.name));
      if (!owner) return toolFailed(`Unknown built-in tool '${call.name}'.`);
      return owner.run(call, context, signal);
    },
  };
}

/**
 * The built-in tool families, in the order the model is offered them (after the agent's custom tools). The order is
 * part of the cached prompt prefix, so a new family goes at the end.
 */
export const BUILTIN_TOOLSETS: readonly Toolset[] = [fileTools, memoryTools, threadTools];

export const BUILTIN_TOOLS = toolRegistry(BUILTIN_TOOLSETS);

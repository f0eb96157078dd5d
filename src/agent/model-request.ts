// Composes the Messages request of a session step: the agent's system prompt, the loaded memory block, its tools.
import type Anthropic from "@anthropic-ai/sdk";
import { rosterPromptBlock } from "../multiagent/roster";
import type { Agent } from "../schemas/agent";
import type { SessionThreadAgent } from "../schemas/multiagent";
import type { SessionEvent } from "../schemas/session-event";
import { buildMessages } from "./transcript";

const MAX_OUTPUT_TOKENS = 8_192;

/** The event type that records which memories a session loaded at its start (Lucid extension). */
export const MEMORY_LOADED = "lucid.memory_loaded";

/**
 * The memory block is the last system block and the one marked for prompt caching, so tools, system prompt and
 * memory form one cached prefix that stays identical for every step of the session. `builtinTools` are the
 * registry's definitions for the session (src/tools/registry.ts); they follow the agent's custom tools.
 */
export function composeModelRequest(
  agent: Agent,
  sessionId: string,
  events: readonly SessionEvent[],
  builtinTools: readonly Anthropic.Tool[],
  roster: readonly SessionThreadAgent[] | null = null,
): Anthropic.MessageCreateParamsNonStreaming {
  const loaded = events.find((event) => event.type === MEMORY_LOADED);
  const memoryText = loaded?.block || null;
  const system: Anthropic.TextBlockParam[] = [];
  if (agent.system) system.push({ type: "text", text: agent.system });
  // A coordinator is told whom it may hand work to (its thread tools do the handing).
  const coordinates = roster !== null && agent.multiagent !== null;
  if (coordinates) system.push({ type: "text", text: rosterPromptBlock(roster, agent.multiagent!.max_parallel) });
  if (memoryText) system.push({ type: "text", text: memoryText });
  const last = system[system.length - 1];
  if (last) last.cache_control = { type: "ephemeral" };
  const tools: Anthropic.Tool[] = [
    ...agent.tools.flatMap((tool) =>
      tool.type === "custom" ? [{ name: tool.name, description: tool.description, input_schema: tool.input_schema as Anthropic.Tool.InputSchema }] : [],
    ),
    ...builtinTools,
  ];
  return {
    model: agent.model.id,
    max_tokens: MAX_OUTPUT_TOKENS,
    messages: buildMessages(events),
    ...(system.length ? { system } : {}),
    ...(tools.length ? { tools } : {}),
    metadata: { user_id: `${agent.id}/${sessionId}` },
  };
}

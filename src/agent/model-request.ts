// Composes the Messages request of a session step: the agent's system prompt, the loaded memory block, its tools.
import type Anthropic from "@anthropic-ai/sdk";
import type { Agent } from "../schemas/agent";
import type { SessionEvent } from "../schemas/session-event";
import { memoryToolDefinitions } from "../tools/memory-tools";
import { buildMessages } from "./transcript";

const MAX_OUTPUT_TOKENS = 8_192;

/** The event type that records which memories a session loaded at its start (Lucid extension). */
export const MEMORY_LOADED = "lucid.memory_loaded";

/**
 * The memory block is the last system block and the one marked for prompt caching, so tools, system prompt and
 * memory form one cached prefix that stays identical for every step of the session.
 */
export function composeModelRequest(agent: Agent, sessionId: string, events: readonly SessionEvent[], hasMemory: boolean): Anthropic.MessageCreateParamsNonStreaming {
  const loaded = events.find((event) => event.type === MEMORY_LOADED);
  const memoryText = typeof loaded?.block === "string" ? loaded.block : null;
  const system: Anthropic.TextBlockParam[] = [];
  if (agent.system) system.push({ type: "text", text: agent.system });
  if (memoryText) system.push({ type: "text", text: memoryText });
  const last = system[system.length - 1];
  if (last) last.cache_control = { type: "ephemeral" };
  const tools: Anthropic.Tool[] = [
    ...agent.tools.map(({ name, description, input_schema }) => ({ name, description, input_schema: input_schema as Anthropic.Tool.InputSchema })),
    ...(hasMemory ? memoryToolDefinitions() : []),
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

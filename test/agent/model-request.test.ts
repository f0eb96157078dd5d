// Where learning reaches the prompt, part one: how a step's request is composed around the loaded memory block.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { composeModelRequest, MEMORY_LOADED } from "../../src/agent/model-request";
import type { Agent } from "../../src/schemas/agent";
import type { SessionEvent } from "../../src/schemas/session-event";
import { createAgent, lucidClient } from "../fixtures/lucid";

const client = lucidClient();
const CUSTOM_TOOL = {
  type: "custom" as const,
  name: "lookup_client",
  description: "Look up a client.",
  input_schema: { type: "object" as const, properties: {} },
};
const BUILTIN: Anthropic.Tool[] = [
  { name: "read", description: "Read a file.", input_schema: { type: "object", properties: {} } },
  { name: "memory_read", description: "Read a memory.", input_schema: { type: "object", properties: {} } },
];
const MEMORY_BLOCK = "<memory>\n### /preferences/signature.md\nSign letters 'Best regards, Dana'.\n</memory>";

async function realAgent(overrides: Record<string, unknown> = {}): Promise<Agent> {
  return (await createAgent(client, { tools: [CUSTOM_TOOL], ...overrides })) as unknown as Agent;
}

const message = (id: string, text: string): SessionEvent => ({ id, type: "user.message", processed_at: null, content: [{ type: "text", text }] });
const memoryLoaded: SessionEvent = {
  id: "sevt_loaded",
  type: MEMORY_LOADED,
  processed_at: "2026-01-01T00:00:00.000Z",
  memory_store_ids: [],
  memories: [],
  tokens: 0,
  block: MEMORY_BLOCK,
};

describe("composing a step's model request", () => {
  it("puts the memory block last in the system prompt and marks only it for caching", async () => {
    const agent = await realAgent();
    const request = composeModelRequest(agent, "sesn_1", [memoryLoaded, message("sevt_1", "Draft the letter.")], BUILTIN);
    const system = request.system as Anthropic.TextBlockParam[];
    expect(system.map((block) => block.text)).toEqual([agent.system, MEMORY_BLOCK]);
    expect(system.map((block) => block.cache_control ?? null)).toEqual([null, { type: "ephemeral" }]);
  });

  it("marks the system prompt for caching when no memory was loaded, and sends no system at all when there is none", async () => {
    const agent = await realAgent();
    const withPrompt = composeModelRequest(agent, "sesn_1", [message("sevt_1", "Hello.")], []);
    expect(withPrompt.system).toEqual([{ type: "text", text: agent.system, cache_control: { type: "ephemeral" } }]);
    const bare = composeModelRequest({ ...agent, system: null }, "sesn_1", [message("sevt_1", "Hello.")], []);
    expect(bare.system).toBeUndefined();
  });

  it("offers the agent's custom tools first, then the built-in definitions in the registry's order", async () => {
    const agent = await realAgent();
    const request = composeModelRequest(agent, "sesn_1", [message("sevt_1", "Hello.")], BUILTIN);
    expect(request.tools?.map((tool) => (tool as Anthropic.Tool).name)).toEqual(["lookup_client", "read", "memory_read"]);
  });

  it("keeps the cached prefix identical from one step to the next while the transcript grows", async () => {
    const agent = await realAgent();
    const first = composeModelRequest(agent, "sesn_1", [memoryLoaded, message("sevt_1", "Draft the letter.")], BUILTIN);
    const later = composeModelRequest(agent, "sesn_1", [memoryLoaded, message("sevt_1", "Draft the letter."), message("sevt_2", "Shorter, please.")], BUILTIN);
    expect(later.system).toEqual(first.system);
    expect(later.tools).toEqual(first.tools);
    expect(later.messages.length).toBeGreaterThanOrEqual(first.messages.length);
    expect(later.metadata).toEqual({ user_id: `${agent.id}/sesn_1` });
  });
});

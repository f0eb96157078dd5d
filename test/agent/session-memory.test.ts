import Anthropic from "@anthropic-ai/sdk";
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AgentObject } from "../../src/agent/agent-object";
import { renderBundle } from "../../src/memory/memory-bundle";
import { allEvents, api, createAgent, createEnvironment, lucidClient, newTenantClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";
import { stepHostOf } from "../fixtures/agent-object";

const client = lucidClient();
const ask = (text: string) => [{ type: "user.message" as const, content: [{ type: "text" as const, text }] }];
type LucidAgent = Anthropic.Beta.Agents.BetaManagedAgentsAgent & { memory_store_id: string };
type LucidMemory = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory & {
  lucid: { author: { type: string; id?: string }; provenance: { session_id: string; event_ids: string[] }[] };
};

async function memoryAgent(overrides: Parameters<typeof createAgent>[1] = {}) {
  return (await createAgent(client, overrides)) as LucidAgent;
}

async function run(agentId: string, text: string, extra: Partial<Anthropic.Beta.SessionCreateParams> = {}) {
  const environment = await createEnvironment(client);
  const session = await client.beta.sessions.create({ agent: agentId, environment_id: environment.id, initial_events: ask(text), ...extra });
  return waitForStatus(client, session.id, ["idle", "terminated"]);
}

describe("an agent's memory store", () => {
  it("is created with the agent and attached read-write to its sessions by default", async () => {
    const agent = await memoryAgent({ name: "Drafter" });
    const store = await client.beta.memoryStores.retrieve(agent.memory_store_id);
    expect(store.name).toBe("Drafter memory");
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    expect(session.resources).toEqual([
      expect.objectContaining({ type: "memory_store", memory_store_id: agent.memory_store_id, access: "read_write", name: "Drafter memory" }),
    ]);
  });

  it("is replaced by the stores a session names, within the limit of 8 and the tenant's own stores", async () => {
    const agent = await memoryAgent();
    const shared = await client.beta.memoryStores.create({ name: "Team style guide" });
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      resources: [{ type: "memory_store", memory_store_id: shared.id, access: "read_only", instructions: "House style only." }],
    });
    expect(session.resources).toEqual([expect.objectContaining({ memory_store_id: shared.id, access: "read_only", instructions: "House style only." })]);

    const nine = Array.from({ length: 9 }, () => ({ type: "memory_store" as const, memory_store_id: shared.id }));
    await expect(client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, resources: nine })).rejects.toBeInstanceOf(
      Anthropic.BadRequestError,
    );
    const stranger = await newTenantClient();
    const theirs = await stranger.beta.memoryStores.create({ name: "not yours" });
    await expect(
      client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, resources: [{ type: "memory_store", memory_store_id: theirs.id }] }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("loading memory at session start", () => {
  it("puts the index and the most relevant memories in one cached system block, within budget, and records them", async () => {
    const agent = await memoryAgent();
    await client.beta.memoryStores.memories.create(agent.memory_store_id, {
      path: "/playbooks/pdf-export.md",
      content: "To export a contract to PDF, convert the DOCX first, then call export.",
    });
    await client.beta.memoryStores.memories.create(agent.memory_store_id, { path: "/notes/holidays.md", content: "The office closes on public holidays." });
    const session = await run(agent.id, "Export the Acme contract to PDF.");

    const loaded = (await allEvents(client, session.id)).find((event) => (event.type as string) === "lucid.memory_loaded") as unknown as {
      memories: { path: string }[];
      block: string;
    };
    expect(loaded.memories.map((memory) => memory.path)).toContain("/playbooks/pdf-export.md");
    expect(loaded.block).toContain("convert the DOCX first");
    expect(loaded.block).toContain("/notes/holidays.md");
    const [request] = await receivedRequests(session.id);
    const system = request?.body.system as { text: string; cache_control?: unknown }[];
    expect(system.at(-1)).toEqual({ type: "text", text: loaded.block, cache_control: { type: "ephemeral" } });
    expect(request?.body.tools?.map((tool) => tool.name)).toEqual(["memory_list", "memory_read", "memory_search", "memory_write", "memory_edit"]);
  });

  it("shows a bounded index of a large store and says how many more memories there are", async () => {
    const agent = await memoryAgent();
    const entries = Array.from({ length: 230 }, (_, i) => ({
      path: `/notes/n${String(i).padStart(3, "0")}.md`,
      content: `Note ${i}.`,
      author: { type: "person" as const },
      provenance: [],
      last_confirmed_at: null,
    }));
    const superseded = { ...entries[0]!, path: "/superseded/drm_old/notes/old.md" };
    const imported = await api(`/v1/memory_stores/${agent.memory_store_id}/import`, { method: "POST", body: renderBundle([...entries, superseded]) });
    expect(imported.status).toBe(200);
    const session = await run(agent.id, "Anything on note 7?");
    const loaded = (await allEvents(client, session.id)).find((event) => (event.type as string) === "lucid.memory_loaded") as unknown as { block: string };
    expect(loaded.block).toContain("/notes/n199.md, … and 30 more (memory_list and memory_search find them)");
    expect(loaded.block).not.toContain("/notes/n200.md");
    expect(loaded.block).not.toContain("/superseded/");
  });

  it("tells the agent when memory_list stops at its limit", async () => {
    const agent = await memoryAgent();
    const entries = Array.from({ length: 1_001 }, (_, i) => ({
      path: `/log/e${String(i).padStart(4, "0")}.md`,
      content: "x",
      author: { type: "person" as const },
      provenance: [],
      last_confirmed_at: null,
    }));
    expect((await api(`/v1/memory_stores/${agent.memory_store_id}/import`, { method: "POST", body: renderBundle(entries) })).status).toBe(200);
    await scriptReplies(agent.id, [{ type: "message", content: [{ type: "tool_use", name: "memory_list", input: {} }] }, textReply("Listed.")]);
    const session = await run(agent.id, "What is in the log?");
    const result = (await allEvents(client, session.id)).find((event) => event.type === "agent.tool_result") as unknown as { content: { text: string }[] };
    const lines = result.content[0]!.text.split("\n");
    expect(lines).toHaveLength(1_001);
    expect(lines[999]).toBe("/log/e0999.md (1 bytes)");
    expect(lines[1_000]).toBe("(the first 1000 memories; give a narrower path_prefix or use memory_search for the rest)");
  });

  it("keeps to the agent's token budget, never cutting a memory in half", async () => {
    const agent = await memoryAgent({ memory: { token_budget: 150 } });
    await client.beta.memoryStores.memories.create(agent.memory_store_id, { path: "/big.md", content: `PDF export notes. ${"detail ".repeat(200)}` });
    const session = await run(agent.id, "Export to PDF.");
    const loaded = (await allEvents(client, session.id)).find((event) => (event.type as string) === "lucid.memory_loaded") as unknown as {
      memories: unknown[];
      block: string;
      tokens: number;
    };
    expect(loaded.memories).toEqual([]);
    expect(loaded.block).toContain("/big.md");
    expect(loaded.block).not.toContain("detail detail");
  });
});

describe("memory tools", () => {
  it("lets the agent write a memory, recorded as agent.tool_use and agent.tool_result, with provenance", async () => {
    const agent = await memoryAgent();
    await scriptReplies(agent.id, [
      { type: "message", content: [{ type: "tool_use", name: "memory_write", input: { path: "/preferences/spelling.md", content: "Use British spelling." } }] },
      textReply("Noted for next time."),
    ]);
    const session = await run(agent.id, "Remember: British spelling, always.");
    expect(session.status).toBe("idle");
    const events = await allEvents(client, session.id);
    const toolUse = events.find((event) => event.type === "agent.tool_use")!;
    expect(events.find((event) => event.type === "agent.tool_result")).toMatchObject({ tool_use_id: toolUse.id, is_error: false });
    expect(JSON.stringify(events.at(-2))).toContain("Noted for next time.");

    const page = await client.beta.memoryStores.memories.list(agent.memory_store_id, { view: "full" });
    const memory = page.data.find((item) => item.type === "memory" && item.path === "/preferences/spelling.md") as LucidMemory;
    expect(memory.content).toBe("Use British spelling.");
    expect(memory.lucid.author).toEqual({ type: "session", id: session.id });
    expect(memory.lucid.provenance).toEqual([{ session_id: session.id, event_ids: [toolUse.id] }]);
    const requests = await receivedRequests(session.id);
    expect(requests).toHaveLength(2);
  });

  it("refuses writes to a store attached read-only, as an error result the agent can read", async () => {
    const agent = await memoryAgent();
    const guide = await client.beta.memoryStores.create({ name: "guide" });
    await scriptReplies(agent.id, [
      { type: "message", content: [{ type: "tool_use", name: "memory_write", input: { path: "/x.md", content: "nope" } }] },
      textReply("Understood, I cannot write there."),
    ]);
    const session = await run(agent.id, "Try to write.", { resources: [{ type: "memory_store", memory_store_id: guide.id, access: "read_only" }] });
    const result = (await allEvents(client, session.id)).find((event) => event.type === "agent.tool_result");
    expect(result).toMatchObject({ is_error: true });
    expect(JSON.stringify(result)).toMatch(/No memory store is attached read-write/);
    const page = await client.beta.memoryStores.memories.list(guide.id);
    expect(page.data).toHaveLength(0);
  });

  it("runs a recorded tool call once even when a step is re-run", async () => {
    const agent = await memoryAgent();
    await scriptReplies(agent.id, [
      { type: "message", content: [{ type: "tool_use", name: "memory_write", input: { path: "/once.md", content: "written once" } }] },
      textReply("Done."),
    ]);
    const session = await run(agent.id, "Write it.");
    const toolUse = (await allEvents(client, session.id)).find((event) => event.type === "agent.tool_use")!;
    const stub = env.AGENT.getByName(agent.id);
    await runInDurableObject(stub, async (instance: AgentObject) => {
      await stepHostOf(instance).runBuiltinTool(session.id, toolUse as never);
    });
    const versions = await client.beta.memoryStores.memoryVersions.list(agent.memory_store_id);
    expect(versions.data.filter((version) => version.path === "/once.md")).toHaveLength(1);
  });
});

describe("rollback", () => {
  it("says so when no dream has moved the agent's memory yet", async () => {
    const agent = await memoryAgent();
    const error = await client.post(`/v1/agents/${agent.id}/memory/rollback`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe("reflection", () => {
  it("writes what an idle session learned into its store, with the events it rests on", async () => {
    const agent = await memoryAgent({ memory: { reflection: true } });
    await scriptReplies(agent.id, [textReply("Here is the draft, in American spelling."), textReply("Redone in British spelling.")]);
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: ask("Draft the cover letter.") });
    await waitForStatus(client, session.id, ["idle"]);
    await client.beta.sessions.events.send(session.id, { events: ask("No, always use British spelling in letters.") });

    const deadline = Date.now() + 10_000;
    let reflections: { written: { path: string; kind: string }[] }[] = [];
    while (reflections.length < 2 && Date.now() < deadline) {
      reflections = (await allEvents(client, session.id)).filter((event) => (event.type as string) === "lucid.reflection") as unknown as typeof reflections;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const lesson = reflections.flatMap((reflection) => reflection.written).find((written) => written.kind === "preference");
    expect(lesson).toBeDefined();
    const correction = (await allEvents(client, session.id)).filter((event) => event.type === "user.message")[1]!;
    const memory = (await client.beta.memoryStores.memories.list(agent.memory_store_id, { view: "full" })).data.find(
      (item) => item.type === "memory" && item.path === lesson!.path,
    ) as LucidMemory;
    expect(memory.content).toMatch(/British spelling/);
    expect(memory.lucid.author).toEqual({ type: "session", id: session.id });
    expect(memory.lucid.provenance).toEqual([{ session_id: session.id, event_ids: [correction.id] }]);
  });

  it("is skipped when the agent turns it off", async () => {
    const agent = await memoryAgent({ memory: { reflection: false } });
    const session = await run(agent.id, "No, always use British spelling.");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await allEvents(client, session.id)).some((event) => (event.type as string) === "lucid.reflection")).toBe(false);
    expect(await receivedRequests(session.id)).toHaveLength(1);
  });
});

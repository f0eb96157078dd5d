import Anthropic from "@anthropic-ai/sdk";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { putWork } from "../../src/schedule/work-schedule";
import type { Dream } from "../../src/schemas/dream-resource";
import { allEvents, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { receivedRequests } from "../fixtures/simulator";
import { exportAgent, type LucidAgent, runWorkaroundSession } from "../fixtures/workaround-sessions";
import { waitForDream, dreamHeld, dreamFinished } from "../fixtures/dreams";

const client = lucidClient();

async function startAgentDream(agentId: string): Promise<Dream> {
  return (await client.post(`/v1/agents/${agentId}/dream`)) as Dream;
}

async function memoriesOf(storeId: string) {
  const page = await client.beta.memoryStores.memories.list(storeId, { view: "full", limit: 20 });
  return page.data.flatMap((item) => (item.type === "memory" ? [item] : []));
}

async function agentWithThreeSessions(mode: "auto" | "review") {
  const agent = await exportAgent(client, { dreaming: { mode } });
  const sessions = [];
  for (const file of ["lease.docx", "nda.docx", "offer.docx"]) sessions.push(await runWorkaroundSession(client, agent.id, file));
  return { agent, sessions };
}

describe("an agent's dream in auto mode", () => {
  it("turns a failure-then-workaround shared by three sessions into one playbook citing all three, in a new store", async () => {
    const { agent, sessions } = await agentWithThreeSessions("auto");
    const before = await memoriesOf(agent.memory_store_id);

    const started = await startAgentDream(agent.id);
    expect(started).toMatchObject({ type: "dream", agent_id: agent.id, mode: "auto" });
    expect(started.inputs).toEqual(
      expect.arrayContaining([
        { type: "memory_store", memory_store_id: agent.memory_store_id },
        { type: "sessions", session_ids: expect.arrayContaining(sessions) },
      ]),
    );
    const dream = await waitForDream(client, started.id, dreamFinished);
    expect(dream.status).toBe("completed");
    expect(dream.usage.input_tokens).toBeGreaterThan(0);
    expect(Object.keys(dream.usage_by_phase).sort()).toEqual(["curation", "review", "synthesis"]);

    const created = dream.changeset!.operations;
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ op: "create", reason: expect.any(String) });
    expect(new Set(created[0]!.evidence.map((item) => item.session_id))).toEqual(new Set(sessions));

    const output = dream.outputs[0]!.memory_store_id;
    expect(output).not.toBe(agent.memory_store_id);
    const playbook = (await memoriesOf(output)).find((memory) => memory.path === created[0]!.path);
    expect(playbook?.content).toMatch(/1\./);
    expect((playbook as unknown as { lucid: { support_count: number; author: unknown } }).lucid).toMatchObject({
      support_count: 3,
      author: { type: "dream", id: dream.id },
    });

    // The input store is never touched; the agent now points at the output.
    expect(await memoriesOf(agent.memory_store_id)).toEqual(before);
    const moved = (await client.beta.agents.retrieve(agent.id)) as LucidAgent;
    expect(moved.memory_store_id).toBe(output);
    expect(moved.dream_status.last_dream_id).toBe(dream.id);

    // The next session loads the playbook.
    const next = await startSession(client, agent.id, "Export memo.docx to PDF.");
    await waitForStatus(client, next.id, ["idle"]);
    const loaded = (await allEvents(client, next.id)).find((event) => (event.type as string) === "lucid.memory_loaded") as unknown as {
      memories: { path: string }[];
    };
    expect(loaded.memories.map((memory) => memory.path)).toContain(created[0]!.path);

    // Rollback points the agent at the store it used before; the dream's store is kept.
    const rolledBack = (await client.post(`/v1/agents/${agent.id}/memory/rollback`)) as LucidAgent;
    expect(rolledBack.memory_store_id).toBe(agent.memory_store_id);
    await expect(client.beta.memoryStores.retrieve(output)).resolves.toMatchObject({ id: output });
  });

  it("shows its progress as a read-only session whose events can be listed and streamed", async () => {
    const { agent } = await agentWithThreeSessions("auto");
    const dream = await waitForDream(client, (await startAgentDream(agent.id)).id, dreamFinished);
    const events = await allEvents(client, dream.session_id);
    const types = events.map((event) => event.type as string);
    expect(types[0]).toBe("session.status_running");
    // One call per review batch (three small sessions fit one), one for synthesis, one for curation: each a span.
    expect(types.filter((type) => type === "span.model_request_start")).toHaveLength((await receivedRequests(dream.id)).length);
    expect(types.filter((type) => type === "span.model_request_start")).toHaveLength(3);
    expect(types.at(-1)).toBe("session.status_idle");
    expect(events.filter((event) => (event.type as string) === "lucid.dream_phase").map((event) => (event as unknown as { phase: string }).phase)).toEqual([
      "reading",
      "synthesis",
      "curation",
      "writing",
    ]);
    await expect(
      client.beta.sessions.events.send(dream.session_id, { events: [{ type: "user.message", content: [{ type: "text", text: "hi" }] }] }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    const stream = await client.beta.sessions.events.stream(dream.session_id);
    const replayed: string[] = [];
    for await (const event of stream) {
      replayed.push(event.type);
      if (event.type === "session.status_idle") break;
    }
    expect(replayed).toEqual(types);
  });

  it("skips, at no cost and saying why, when no session finished since the last dream", async () => {
    const { agent } = await agentWithThreeSessions("auto");
    await waitForDream(client, (await startAgentDream(agent.id)).id, dreamFinished);
    const error = await startAgentDream(agent.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const after = (await client.beta.agents.retrieve(agent.id)) as LucidAgent;
    expect(after.dream_status.last_skipped?.reason).toMatch(/No session of this agent finished work since its last dream/);
  });
});

describe("curation over time", () => {
  it("supersedes a playbook that newer sessions contradict, keeping the old one archived and linked both ways", async () => {
    const { agent } = await agentWithThreeSessions("auto");
    const first = await waitForDream(client, (await startAgentDream(agent.id)).id, dreamFinished);
    const playbookPath = first.changeset!.operations[0]!.path;

    // The tool changed: converting first no longer helps; a different engine does.
    for (const file of ["memo.docx", "deed.docx"]) await runWorkaroundSession(client, agent.id, file, { engine: "libre" });
    // Superseding the store's only memory removes more than a quarter of it: held for a person even in auto mode.
    const proposed = await waitForDream(client, (await startAgentDream(agent.id)).id, dreamHeld);
    expect(proposed.review.reasons.join(" ")).toMatch(/quarter|25%/);
    await client.post(`/v1/dreams/${proposed.id}/approve`, { body: {} });
    const second = await waitForDream(client, proposed.id, dreamFinished);
    const supersede = second.changeset!.operations.find((operation) => operation.op === "supersede");
    expect(supersede).toBeDefined();
    expect(second.changeset!.flags).toEqual([expect.objectContaining({ type: "contradiction", operation_id: supersede!.id })]);

    const output = await memoriesOf(second.outputs[0]!.memory_store_id);
    const current = output.find((memory) => memory.path === supersede!.path) as unknown as { content: string; lucid: { supersedes?: string[] } };
    expect(current.content).toMatch(/engine/);
    const archivedPath = current.lucid.supersedes![0]!;
    const archived = output.find((memory) => memory.path === archivedPath) as unknown as { content: string; lucid: { superseded_by?: string } };
    expect(archived.lucid.superseded_by).toBe(supersede!.path);
    expect(archived.content).toMatch(/convert_first/);
    expect(archivedPath.startsWith("/superseded/")).toBe(true);
    expect(supersede!.target_paths).toContain(playbookPath);
  });
});

describe("an agent's dream in review mode", () => {
  it("waits for a person, then applies the approved and edited part of its changeset", async () => {
    const { agent } = await agentWithThreeSessions("review");
    const dream = await waitForDream(client, (await startAgentDream(agent.id)).id, dreamHeld);
    expect(dream).toMatchObject({ status: "running", review: { state: "pending" } });
    expect(((await client.beta.agents.retrieve(agent.id)) as LucidAgent).memory_store_id).toBe(agent.memory_store_id);

    const operation = dream.changeset!.operations[0]!;
    const edited = "1. Convert DOCX files to PDF-ready format first (convert_first: true).\n2. Then export.";
    await client.post(`/v1/dreams/${dream.id}/approve`, { body: { operation_ids: [operation.id], edits: [{ operation_id: operation.id, content: edited }] } });
    const done = await waitForDream(client, dream.id, dreamFinished);
    expect(done).toMatchObject({ status: "completed", review: { state: "approved", approved_operation_ids: [operation.id] } });
    const output = done.outputs[0]!.memory_store_id;
    expect((await memoriesOf(output)).find((memory) => memory.path === operation.path)?.content).toBe(edited);
    expect(((await client.beta.agents.retrieve(agent.id)) as LucidAgent).memory_store_id).toBe(output);
  });

  it("discards a rejected changeset and leaves the agent's memory as it was", async () => {
    const { agent } = await agentWithThreeSessions("review");
    const dream = await waitForDream(client, (await startAgentDream(agent.id)).id, dreamHeld);
    await client.post(`/v1/dreams/${dream.id}/reject`);
    const done = (await client.beta.dreams.retrieve(dream.id)) as unknown as Dream;
    expect(done).toMatchObject({ status: "canceled", outputs: [], review: { state: "rejected" } });
    expect(((await client.beta.agents.retrieve(agent.id)) as LucidAgent).memory_store_id).toBe(agent.memory_store_id);
    await expect(client.post(`/v1/dreams/${dream.id}/approve`, { body: {} })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe("dreams through the Managed Agents API", () => {
  it("creates, lists and archives a dream with the SDK, writing a new store and leaving the input alone", async () => {
    const { agent, sessions } = await agentWithThreeSessions("auto");
    const created = await client.beta.dreams.create({
      inputs: [
        { type: "memory_store", memory_store_id: agent.memory_store_id },
        { type: "sessions", session_ids: sessions },
      ],
      model: "claude-sonnet-5-5",
      instructions: "Focus on export problems.",
    });
    expect(created).toMatchObject({ type: "dream", output_behavior: { type: "create_new" }, instructions: "Focus on export problems." });
    const dream = await waitForDream(client, created.id, dreamFinished);
    expect(dream.outputs).toHaveLength(1);
    const listed = await client.beta.dreams.list({ statuses: ["completed"] });
    expect(listed.data.map((item) => item.id)).toContain(dream.id);
    await expect(client.beta.dreams.archive(dream.id)).resolves.toMatchObject({ archived_at: expect.any(String) });
    await expect(client.beta.dreams.create({ inputs: [{ type: "sessions", session_ids: sessions }], model: "x" } as never)).rejects.toBeInstanceOf(
      Anthropic.BadRequestError,
    );
    await expect(
      client.beta.dreams.create({
        inputs: [
          { type: "memory_store", memory_store_id: agent.memory_store_id },
          { type: "sessions", session_ids: ["sesn_nope"] },
        ],
        model: "x",
      }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("updates its input store in place when asked, holding it against a second such dream until it ends", async () => {
    const { agent, sessions } = await agentWithThreeSessions("auto");
    const params = {
      inputs: [
        { type: "memory_store" as const, memory_store_id: agent.memory_store_id },
        { type: "sessions" as const, session_ids: sessions },
      ],
      model: "claude-sonnet-5-5",
      output_behavior: { type: "update_existing" as const, memory_store_id: agent.memory_store_id },
    };
    const first = await client.beta.dreams.create(params);
    const second = await client.beta.dreams.create(params).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(Anthropic.ConflictError);
    expect(JSON.stringify((second as InstanceType<typeof Anthropic.APIError>).error)).toContain("conflict_error");

    const done = await waitForDream(client, first.id, dreamFinished);
    expect(done.outputs).toEqual([{ type: "memory_store", memory_store_id: agent.memory_store_id }]);
    const playbook = (await memoriesOf(agent.memory_store_id)).find((memory) => memory.path === done.changeset!.operations[0]!.path);
    expect((playbook as unknown as { lucid: { author: unknown } }).lucid.author).toEqual({ type: "dream", id: first.id });
    await expect(client.beta.dreams.create(params)).resolves.toMatchObject({ type: "dream" });
  });

  it("stops at its token budget instead of exceeding it, and says so", async () => {
    const { agent, sessions } = await agentWithThreeSessions("auto");
    const params = {
      inputs: [
        { type: "memory_store", memory_store_id: agent.memory_store_id },
        { type: "sessions", session_ids: sessions },
      ],
      model: "claude-sonnet-5-5",
      token_budget: 1_000,
    };
    const created = await client.beta.dreams.create(params as Anthropic.Beta.DreamCreateParams);
    const deadline = Date.now() + 10_000;
    let dream = (await client.beta.dreams.retrieve(created.id)) as unknown as Dream;
    while (dream.status !== "failed" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      dream = (await client.beta.dreams.retrieve(created.id)) as unknown as Dream;
    }
    expect(dream.error).toMatchObject({ type: "budget_exceeded", message: expect.stringMatching(/budget of 1000/) });
    expect(await receivedRequests(dream.id)).toHaveLength(1);
    expect(dream.outputs).toEqual([]);
  });

  it("resumes after a crash between phases without repeating a recorded model call", async () => {
    const { agent } = await agentWithThreeSessions("auto");
    const dream = await waitForDream(client, (await startAgentDream(agent.id)).id, dreamFinished);
    const calls = (await receivedRequests(dream.id)).length;
    expect(calls).toBe(3);

    // As if the object died after synthesis was recorded and before curation finished.
    const stub = env.DREAM.getByName(dream.id);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("DELETE FROM checkpoints WHERE key IN ('curation', 'output_store_id')");
      state.storage.sql.exec("UPDATE dream SET status = 'running', phase = 'curation', changeset = NULL, outputs = '[]', ended_at = NULL");
    });
    await runDurableObjectAlarm(stub).catch(() => false);
    await runInDurableObject(stub, (instance) => instance.alarm());
    await runInDurableObject(stub, (instance) => instance.alarm());
    const resumed = await waitForDream(client, dream.id, dreamFinished);
    expect(resumed.status).toBe("completed");
    const requests = await receivedRequests(dream.id);
    expect(requests).toHaveLength(calls + 1);
    expect(JSON.stringify(requests.at(-1)?.body)).toContain("propose_operations");
  });
});

describe("scheduled dreams", () => {
  it("fire from the agent's alarm on their cadence, and a dream with nothing new is skipped", async () => {
    const agent = await exportAgent(client, { dreaming: { enabled: true, mode: "auto", schedule: { type: "interval", minutes: 60 } } });
    expect(agent.dream_status.next_dream_at).not.toBeNull();
    await runWorkaroundSession(client, agent.id, "brief.docx");
    const stub = env.AGENT.getByName(agent.id);
    const fireNow = () => runInDurableObject(stub, (_instance, state) => putWork(state.storage.sql, "agent_dream", agent.id, Date.now()));

    await fireNow();
    await runDurableObjectAlarm(stub);
    const afterFirst = (await client.beta.agents.retrieve(agent.id)) as LucidAgent;
    expect(afterFirst.dream_status.last_dream_id).toMatch(/^drm_/);
    expect(Date.parse(afterFirst.dream_status.next_dream_at!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    await waitForDream(client, afterFirst.dream_status.last_dream_id!, dreamFinished);

    await fireNow();
    await runDurableObjectAlarm(stub);
    const afterSecond = (await client.beta.agents.retrieve(agent.id)) as LucidAgent;
    expect(afterSecond.dream_status.last_dream_id).toBe(afterFirst.dream_status.last_dream_id);
    expect(afterSecond.dream_status.last_skipped?.reason).toMatch(/No session/);
  });

  it("refuse a cron expression croner cannot parse", async () => {
    const error = await exportAgent(client, { dreaming: { schedule: { type: "cron", expression: "every day at noon" } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/not a valid cron expression/);
  });
});

import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { api, createAgent, lucidClient, MODEL } from "../fixtures/lucid";

const client = lucidClient();

describe("agents", () => {
  it("creates an agent in the Managed Agents shape and retrieves it", async () => {
    const agent = await createAgent(client, {
      description: "drafts NDAs",
      metadata: { team: "legal" },
      tools: [
        {
          type: "custom",
          name: "lookup_clause",
          description: "Finds a clause",
          input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
        },
      ],
    });
    expect(agent).toMatchObject({
      type: "agent",
      version: 1,
      name: "Test agent",
      model: { id: MODEL },
      description: "drafts NDAs",
      metadata: { team: "legal" },
      archived_at: null,
      mcp_servers: [],
      skills: [],
      multiagent: null,
    });
    expect(agent.id).toMatch(/^agent_/);
    expect(agent.tools[0]).toMatchObject({ type: "custom", name: "lookup_clause" });
    expect(await client.beta.agents.retrieve(agent.id)).toEqual(agent);
  });

  it("makes each changing update a new version and keeps the old ones readable", async () => {
    const agent = await createAgent(client, { metadata: { keep: "yes", drop: "soon" } });
    const updated = await client.beta.agents.update(agent.id, { version: 1, system: "Be brief.", metadata: { drop: null, added: "1" } });
    expect(updated.version).toBe(2);
    expect(updated.system).toBe("Be brief.");
    expect(updated.metadata).toEqual({ keep: "yes", added: "1" });

    const unchanged = await client.beta.agents.update(agent.id, { system: "Be brief." });
    expect(unchanged.version).toBe(2);

    const first = await client.beta.agents.retrieve(agent.id, { version: 1 });
    expect(first.system).toBe("You are a careful test agent.");
    const versions = [];
    for await (const version of client.beta.agents.versions.list(agent.id)) versions.push(version.version);
    expect(versions).toEqual([2, 1]);
  });

  it("refuses an update made against a stale version", async () => {
    const agent = await createAgent(client);
    await client.beta.agents.update(agent.id, { version: 1, name: "Renamed" });
    await expect(client.beta.agents.update(agent.id, { version: 1, name: "Lost update" })).rejects.toBeInstanceOf(Anthropic.ConflictError);
  });

  it("archives an agent, hides it from lists by default, and refuses changes to it", async () => {
    const agent = await createAgent(client, { name: "to archive" });
    const archived = await client.beta.agents.archive(agent.id);
    expect(archived.archived_at).not.toBeNull();
    const listed = [];
    for await (const item of client.beta.agents.list()) listed.push(item.id);
    expect(listed).not.toContain(agent.id);
    const withArchived = await client.beta.agents.list({ include_archived: true, limit: 100 });
    expect(withArchived.data.map((item) => item.id)).toContain(agent.id);
    await expect(client.beta.agents.update(agent.id, { name: "x" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("lists agents newest first across pages with the SDK's auto-pagination", async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await createAgent(client, { name: `paged ${i}` })).id);
    const firstPage = await client.beta.agents.list({ limit: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.next_page).toBeTruthy();
    const seen: string[] = [];
    for await (const agent of client.beta.agents.list({ limit: 2 })) seen.push(agent.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 5)).toEqual([...created].reverse());
  });

  it("filters lists by creation time, as the created_at[gt|gte|lt|lte] parameters ask", async () => {
    const first = await createAgent(client, { name: "early" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await createAgent(client, { name: "late" });
    const after = await client.beta.agents.list({ "created_at[gte]": second.created_at, limit: 100 });
    expect(after.data.map((agent) => agent.id)).toContain(second.id);
    expect(after.data.map((agent) => agent.id)).not.toContain(first.id);
    const before = await client.beta.agents.list({ "created_at[lte]": first.created_at, limit: 100 });
    expect(before.data.map((agent) => agent.id)).toContain(first.id);
    expect(before.data.map((agent) => agent.id)).not.toContain(second.id);
    await expect(client.beta.agents.list({ "created_at[gte]": "yesterday" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("answers an unknown agent with not_found_error", async () => {
    await expect(client.beta.agents.retrieve("agent_0000000000000000000000zz")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(client.beta.agents.retrieve("not-an-id")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("agent validation", () => {
  it("names the missing field", async () => {
    const error = await client.beta.agents.create({ model: MODEL } as Anthropic.Beta.AgentCreateParams).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/name/);
  });

  it("refuses fields Lucid does not support yet instead of dropping them", async () => {
    const error = await client.beta.agents
      .create({ name: "x", model: MODEL, skills: [{ type: "anthropic", skill_id: "xlsx" }] } as Anthropic.Beta.AgentCreateParams)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/skills: is not supported by Lucid yet/);

    const toolset = await client.beta.agents
      .create({ name: "x", model: MODEL, execution_identity: { type: "service_account" } } as Anthropic.Beta.AgentCreateParams)
      .catch((e: unknown) => e);
    expect((toolset as InstanceType<typeof Anthropic.APIError>).message).toMatch(/execution_identity: is not supported by Lucid yet/);
  });

  it("refuses unknown fields by name", async () => {
    const response = await api("/v1/agents", { method: "POST", json: { name: "x", model: MODEL, temperature: 0.2 } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/temperature: unknown field/);
  });
});

// Ids that were never created: every lookup answers an Anthropic-shaped 404 and leaves nothing behind. An object
// reached by such an id has no schema afterwards; storage is created only by the calls that create an object's record.
import Anthropic from "@anthropic-ai/sdk";
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  dreamSessionId,
  newAgentId,
  newDeploymentId,
  newDeploymentRunId,
  newDreamId,
  newEnvironmentId,
  newMemoryId,
  newMemoryStoreId,
  newMemoryVersionId,
  newSessionId,
  newVaultCredentialId,
  newVaultId,
  newWorkId,
} from "../../src/ids";
import { api, createAgent, createEnvironment, newTenantClient } from "../fixtures/lucid";

/** The tables in an object's SQLite, but for Miniflare's own (`__miniflare_do_name`, which keeps the object's name). */
function tablesOf(stub: DurableObjectStub): Promise<string[]> {
  return runInDurableObject(stub, (_instance, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name NOT LIKE '\\_\\_miniflare%' ESCAPE '\\'")
      .toArray()
      .map((row) => row.name),
  );
}

async function expectNotFound(request: Promise<unknown>): Promise<void> {
  const error = await request.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Anthropic.NotFoundError);
  expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
    type: "error",
    error: { type: "not_found_error", message: expect.any(String) },
  });
}

describe("ids that were never created", () => {
  it("answer 404 on every route and leave their objects without storage", async () => {
    const client = await newTenantClient("guesser");
    const apiKey = client.apiKey!;
    const agentId = newAgentId();
    const sessionAgentId = newAgentId();
    const sessionId = newSessionId(sessionAgentId);
    const storeId = newMemoryStoreId();
    const dreamId = newDreamId();
    const deploymentAgentId = newAgentId();
    const runAgentId = newAgentId();
    const environmentId = newEnvironmentId();
    const vaultId = newVaultId();

    await expectNotFound(client.beta.agents.retrieve(agentId));
    await expectNotFound(client.beta.agents.update(agentId, { version: 1, name: "taken over" }));
    await expectNotFound(client.beta.agents.versions.list(agentId));
    await expectNotFound(client.beta.sessions.retrieve(sessionId));
    await expectNotFound(client.beta.sessions.events.list(sessionId));
    await expectNotFound(client.beta.sessions.threads.list(sessionId));
    await expectNotFound(client.beta.deployments.retrieve(newDeploymentId(deploymentAgentId)));
    await expectNotFound(client.beta.deploymentRuns.retrieve(newDeploymentRunId(runAgentId)));
    await expectNotFound(client.beta.memoryStores.retrieve(storeId));
    await expectNotFound(client.beta.memoryStores.memories.list(storeId));
    await expectNotFound(client.beta.memoryStores.memories.retrieve(newMemoryId(), { memory_store_id: storeId }));
    await expectNotFound(client.beta.memoryStores.memories.create(storeId, { path: "/planted.md", content: "planted" }));
    await expectNotFound(client.beta.memoryStores.memoryVersions.retrieve(newMemoryVersionId(), { memory_store_id: storeId }));
    await expectNotFound(client.beta.dreams.retrieve(dreamId));
    await expectNotFound(client.beta.sessions.retrieve(dreamSessionId(dreamId)));
    await expectNotFound(client.beta.environments.work.list(environmentId));
    await expectNotFound(client.beta.environments.work.retrieve(newWorkId(environmentId), { environment_id: environmentId }));
    await expectNotFound(client.beta.vaults.retrieve(vaultId));
    await expectNotFound(client.beta.vaults.archive(vaultId));
    await expectNotFound(client.beta.vaults.credentials.list(vaultId));
    await expectNotFound(
      client.beta.vaults.credentials.create(vaultId, { auth: { type: "static_bearer", mcp_server_url: "https://mcp.example.com", token: "planted" } }),
    );
    await expectNotFound(client.beta.vaults.credentials.retrieve(newVaultCredentialId(), { vault_id: vaultId }));
    for (const path of [
      `/v1/sessions/${sessionId}/workspace/files`,
      `/v1/sessions/${sessionId}/events/stream`,
      `/v1/sessions/${dreamSessionId(dreamId)}/events/stream`,
    ]) {
      const response = await api(path, { apiKey });
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    }

    for (const id of [agentId, sessionAgentId, deploymentAgentId, runAgentId]) expect(await tablesOf(env.AGENT.getByName(id)), id).toEqual([]);
    expect(await tablesOf(env.MEMORY_STORE.getByName(storeId))).toEqual([]);
    expect(await tablesOf(env.DREAM.getByName(dreamId))).toEqual([]);
    expect(await tablesOf(env.ORCHESTRATOR.getByName(sessionId))).toEqual([]);
    expect(await tablesOf(env.ENVIRONMENT.getByName(environmentId))).toEqual([]);
    expect(await tablesOf(env.VAULT.getByName(vaultId))).toEqual([]);
  });

  it("read a real session's empty workspace and its threads as empty, creating neither", async () => {
    const client = await newTenantClient("reader");
    const agent = await createAgent(client);
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });

    const files = await api(`/v1/sessions/${session.id}/workspace/files`, { apiKey: client.apiKey! });
    expect(files.status).toBe(200);
    expect(await files.json()).toMatchObject({ data: [], next_page: null });
    expect((await client.beta.sessions.threads.list(session.id)).data).toEqual([]);

    const workspaceId = await runInDurableObject(
      env.AGENT.getByName(agent.id),
      (_instance, state) => state.storage.sql.exec<{ workspace_id: string }>("SELECT workspace_id FROM sessions WHERE id = ?", session.id).one().workspace_id,
    );
    expect(await tablesOf(env.WORKSPACE.getByName(workspaceId))).toEqual([]);
    expect(await tablesOf(env.ORCHESTRATOR.getByName(session.id))).toEqual([]);
  });

  it("still create storage for the calls that create records, which then read back", async () => {
    const client = await newTenantClient("creator");
    const agent = (await createAgent(client)) as Awaited<ReturnType<typeof createAgent>> & { memory_store_id: string };
    expect(await client.beta.agents.retrieve(agent.id)).toMatchObject({ id: agent.id });
    const store = await client.beta.memoryStores.retrieve(agent.memory_store_id);
    expect(store.id).toBe(agent.memory_store_id);
    expect(await tablesOf(env.AGENT.getByName(agent.id))).toContain("agent");
    expect(await tablesOf(env.MEMORY_STORE.getByName(store.id))).toContain("store");
  });
});

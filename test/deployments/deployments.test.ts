import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { createAgent, lucidClient, newTenantClient } from "../fixtures/lucid";
import { dailyAtThisMinute, deployable, deploymentParams, scheduledFire } from "../fixtures/deployments";

const client = lucidClient();

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Anthropic.APIError);
  return error as InstanceType<typeof Anthropic.APIError>;
}

describe("deployments", () => {
  it("are created, retrieved, listed and updated as the SDK types them", async () => {
    const { agent, environment } = await deployable(client);
    const deployment = await client.beta.deployments.create({
      ...deploymentParams(agent.id, environment.id, { expression: "30 9 * * 1-5", timezone: "Asia/Kathmandu" }),
      description: "Orders, every weekday morning in Kathmandu.",
      metadata: { team: "ops" },
    });
    expect(deployment).toMatchObject({
      type: "deployment",
      agent: { id: agent.id, type: "agent", version: agent.version },
      environment_id: environment.id,
      name: "Daily order report",
      status: "active",
      paused_reason: null,
      archived_at: null,
      metadata: { team: "ops" },
      resources: [],
      vault_ids: [],
      schedule: { type: "cron", expression: "30 9 * * 1-5", timezone: "Asia/Kathmandu", last_run_at: null },
    });
    expect(deployment.id).toMatch(/^depl_/);
    // 09:30 in Kathmandu (UTC+5:45) is 03:45 UTC.
    expect(deployment.schedule?.upcoming_runs_at).toHaveLength(5);
    for (const time of deployment.schedule!.upcoming_runs_at!) expect(time).toMatch(/T03:45:00\.000Z$/);
    expect(await scheduledFire(agent.id, deployment.id)).toBe(Date.parse(deployment.schedule!.upcoming_runs_at![0]!));

    expect(await client.beta.deployments.retrieve(deployment.id)).toEqual(deployment);
    const listed = await client.beta.deployments.list({ agent_id: agent.id });
    expect(listed.data.map((item) => item.id)).toEqual([deployment.id]);

    const updated = await client.beta.deployments.update(deployment.id, {
      name: "Order report",
      description: null,
      metadata: { team: null, owner: "ana" },
      schedule: null,
    });
    expect(updated).toMatchObject({ name: "Order report", description: null, metadata: { owner: "ana" }, schedule: null });
    expect(await scheduledFire(agent.id, deployment.id)).toBeNull();
    expect((await client.beta.deployments.list({ agent_id: agent.id })).data[0]).toMatchObject({ name: "Order report", schedule: null });

    const otherAgent = await createAgent(client);
    const moved = await refusal(client.beta.deployments.update(deployment.id, { agent: otherAgent.id }));
    expect(moved.status).toBe(400);
  });

  it("refuse a bad schedule, unknown agent or environment, and unsupported events with Anthropic-shaped errors", async () => {
    const { agent, environment } = await deployable(client);
    const params = deploymentParams(agent.id, environment.id);
    for (const expression of ["every day at noon", "0 0 9 * * *", "0 9 L * *", "@daily"]) {
      const error = await refusal(client.beta.deployments.create({ ...params, schedule: { type: "cron", expression, timezone: "UTC" } }));
      expect(error.status).toBe(400);
      expect(error.error).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
      expect(error.message).toMatch(/schedule\.expression/);
    }
    const badZone = await refusal(
      client.beta.deployments.create({ ...params, schedule: { type: "cron", expression: "0 9 * * *", timezone: "Mars/Olympus_Mons" } }),
    );
    expect(badZone.status).toBe(400);
    expect(badZone.message).toMatch(/schedule\.timezone: is not an IANA time zone/);

    const noAgent = await refusal(client.beta.deployments.create({ ...params, agent: "agent_000000000000000000000000" }));
    expect(noAgent.status).toBe(404);
    expect(noAgent.error).toMatchObject({ error: { type: "not_found_error" } });
    const noEnvironment = await refusal(client.beta.deployments.create({ ...params, environment_id: "env_missing" }));
    expect(noEnvironment.status).toBe(404);
    const noEvents = await refusal(client.beta.deployments.create({ ...params, initial_events: [] }));
    expect(noEvents.status).toBe(400);
    const systemMessage = await refusal(
      client.beta.deployments.create({ ...params, initial_events: [{ type: "system.message", content: [{ type: "text", text: "Be brief." }] }] }),
    );
    expect(systemMessage.message).toMatch(/system.message events are not supported/);
    const badVersion = await refusal(client.beta.deployments.create({ ...params, agent: { type: "agent", id: agent.id, version: 7 } }));
    expect(badVersion.status).toBe(404);

    expect((await refusal(client.beta.deployments.retrieve("depl_nope"))).status).toBe(404);
    expect((await refusal(client.beta.deploymentRuns.retrieve("drun_nope"))).status).toBe(404);
  });

  it("attach their memory-store resources to each run's session, and refuse a store that does not exist", async () => {
    const { agent, environment } = await deployable(client);
    const store = await client.beta.memoryStores.create({ name: "Order conventions" });
    const deployment = await client.beta.deployments.create({
      ...deploymentParams(agent.id, environment.id),
      resources: [{ type: "memory_store", memory_store_id: store.id, access: "read_only" }],
    });
    expect(deployment.resources).toEqual([{ type: "memory_store", memory_store_id: store.id, access: "read_only", instructions: null }]);
    const run = await client.beta.deployments.run(deployment.id);
    const session = await client.beta.sessions.retrieve(run.session_id!);
    expect(session.resources).toMatchObject([{ type: "memory_store", memory_store_id: store.id, access: "read_only" }]);

    const missing = await refusal(
      client.beta.deployments.create({
        ...deploymentParams(agent.id, environment.id),
        resources: [{ type: "memory_store", memory_store_id: "memstore_000000000000000000000000" }],
      }),
    );
    expect(missing.status).toBe(404);
  });

  it("belong to their tenant alone", async () => {
    const { agent, environment } = await deployable(client);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id));
    const run = await client.beta.deployments.run(deployment.id);
    const stranger = await newTenantClient("stranger");

    expect((await refusal(stranger.beta.deployments.retrieve(deployment.id))).status).toBe(404);
    expect((await refusal(stranger.beta.deployments.pause(deployment.id))).status).toBe(404);
    expect((await refusal(stranger.beta.deployments.run(deployment.id))).status).toBe(404);
    expect((await refusal(stranger.beta.deploymentRuns.retrieve(run.id))).status).toBe(404);
    expect((await stranger.beta.deployments.list()).data).toEqual([]);
    expect((await stranger.beta.deploymentRuns.list()).data).toEqual([]);
    const strangerEnvironment = await stranger.beta.environments.create({ name: "theirs" });
    expect((await refusal(stranger.beta.deployments.create(deploymentParams(agent.id, strangerEnvironment.id)))).status).toBe(404);
  });

  it("pause stops the schedule, unpause resumes it from now, and archiving ends it", async () => {
    const { agent, environment } = await deployable(client);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id, { expression: "*/5 * * * *", timezone: "UTC" }));
    expect(await scheduledFire(agent.id, deployment.id)).not.toBeNull();

    const paused = await client.beta.deployments.pause(deployment.id);
    expect(paused).toMatchObject({ status: "paused", paused_reason: { type: "manual" } });
    expect(paused.schedule?.upcoming_runs_at).toHaveLength(5);
    expect(await scheduledFire(agent.id, deployment.id)).toBeNull();
    expect((await client.beta.deployments.list({ status: "paused", agent_id: agent.id })).data.map((item) => item.id)).toEqual([deployment.id]);
    expect((await client.beta.deployments.list({ status: "active", agent_id: agent.id })).data).toEqual([]);

    const before = Date.now();
    const resumed = await client.beta.deployments.unpause(deployment.id);
    expect(resumed).toMatchObject({ status: "active", paused_reason: null });
    const next = await scheduledFire(agent.id, deployment.id);
    expect(next).toBeGreaterThan(before);
    expect(next).toBeLessThanOrEqual(Date.now() + 5 * 60_000);

    const archived = await client.beta.deployments.archive(deployment.id);
    expect(archived).toMatchObject({ status: "active", paused_reason: null });
    expect(archived.archived_at).not.toBeNull();
    expect(archived.schedule?.upcoming_runs_at).toEqual([]);
    expect(await scheduledFire(agent.id, deployment.id)).toBeNull();
    expect((await refusal(client.beta.deployments.run(deployment.id))).status).toBe(400);
    expect((await refusal(client.beta.deployments.unpause(deployment.id))).status).toBe(400);
    expect((await refusal(client.beta.deployments.update(deployment.id, { name: "again" }))).status).toBe(400);
    expect((await client.beta.deployments.list({ agent_id: agent.id })).data).toEqual([]);
    expect((await client.beta.deployments.list({ agent_id: agent.id, include_archived: true })).data.map((item) => item.id)).toEqual([deployment.id]);
    expect((await refusal(client.beta.deployments.list({ include_archived: true, status: "active" }))).status).toBe(400);
  });

  it("of an archived agent are paused with agent_archived_error, and their manual runs fail with it", async () => {
    const { agent, environment } = await deployable(client);
    const { expression } = dailyAtThisMinute("UTC");
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id, { expression, timezone: "UTC" }));
    await client.beta.agents.archive(agent.id);

    const paused = await client.beta.deployments.retrieve(deployment.id);
    expect(paused).toMatchObject({ status: "paused", paused_reason: { type: "error", error: { type: "agent_archived_error" } } });
    expect(await scheduledFire(agent.id, deployment.id)).toBeNull();
    expect((await refusal(client.beta.deployments.unpause(deployment.id))).status).toBe(400);

    const run = await client.beta.deployments.run(deployment.id);
    expect(run).toMatchObject({ session_id: null, error: { type: "agent_archived_error" }, trigger_context: { type: "manual" } });
    expect((await client.beta.deploymentRuns.list({ deployment_id: deployment.id, has_error: true })).data.map((item) => item.id)).toEqual([run.id]);
    expect((await client.beta.deploymentRuns.list({ deployment_id: deployment.id, has_error: false })).data).toEqual([]);
    const newDeployment = await refusal(client.beta.deployments.create(deploymentParams(agent.id, environment.id)));
    expect(newDeployment.status).toBe(400);
  });
});

import { describe, expect, it } from "vitest";
import { allEvents, lucidClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";
import { dailyAtThisMinute, deployable, deploymentParams, fireAlarm, type Run, runsOf, scheduledFire, settledRun, TASK } from "../fixtures/deployments";

const client = lucidClient();
// The shortest spacing a schedule may have: these tests run every five minutes.
const FIVE_MINUTES = 5 * 60_000;

async function sessionsOf(agentId: string) {
  const sessions = [];
  for await (const session of client.beta.sessions.list({ agent_id: agentId })) sessions.push(session);
  return sessions;
}

describe("scheduled runs", () => {
  it("start a session from the agent's alarm at a cron occurrence in the schedule's time zone", async () => {
    const { agent, environment } = await deployable(client);
    await scriptReplies(agent.id, [textReply("Report written.")]);
    const { expression, occurrence } = dailyAtThisMinute("Asia/Kathmandu");
    const deployment = await client.beta.deployments.create({
      ...deploymentParams(agent.id, environment.id, { expression, timezone: "Asia/Kathmandu" }),
      metadata: { source: "cron" },
    });
    // Created after this minute's occurrence, the schedule waits for tomorrow's...
    expect(await scheduledFire(agent.id, deployment.id)).toBe(occurrence + 24 * 3_600_000);

    // ...unless the alarm is due at it, as it would have been had the deployment existed a minute earlier.
    await fireAlarm(agent.id, deployment.id, occurrence);
    const [run] = await runsOf(client, deployment.id);
    expect(run).toMatchObject({
      type: "deployment_run",
      deployment_id: deployment.id,
      agent: { id: agent.id, type: "agent", version: agent.version },
      trigger_context: { type: "schedule", scheduled_at: new Date(occurrence).toISOString(), catch_up: false },
      error: null,
    });
    expect(run!.id).toMatch(/^drun_/);
    expect(await scheduledFire(agent.id, deployment.id)).toBe(occurrence + 24 * 3_600_000);

    const session = await waitForStatus(client, run!.session_id!, ["idle"]);
    expect(session).toMatchObject({ agent: { id: agent.id }, environment_id: environment.id, metadata: { source: "cron" }, title: "Daily order report" });
    expect(JSON.stringify((await allEvents(client, session.id)).find((event) => event.type === "user.message"))).toContain(TASK);
    const settled = await settledRun(client, run!.id);
    expect(settled.result).toBe("succeeded");
    expect(settled.finished_at).not.toBeNull();
    expect(await client.beta.deploymentRuns.retrieve(run!.id)).toEqual(settled);

    const after = await client.beta.deployments.retrieve(deployment.id);
    expect(after.schedule?.last_run_at).not.toBeNull();
  });

  it("start exactly one session per occurrence when the alarm fires twice", async () => {
    const { agent, environment } = await deployable(client);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id, { expression: "*/5 * * * *", timezone: "UTC" }));
    const occurrence = Math.floor(Date.now() / FIVE_MINUTES) * FIVE_MINUTES;

    await fireAlarm(agent.id, deployment.id, occurrence);
    await fireAlarm(agent.id, deployment.id, occurrence);
    await fireAlarm(agent.id, deployment.id, occurrence);

    const runs = (await runsOf(client, deployment.id)).filter(
      (run) => run.trigger_context.type === "schedule" && run.trigger_context.scheduled_at === new Date(occurrence).toISOString(),
    );
    expect(runs).toHaveLength(1);
    const sessionIds = new Set((await runsOf(client, deployment.id)).map((run) => run.session_id));
    expect((await sessionsOf(agent.id)).filter((session) => !sessionIds.has(session.id))).toEqual([]);
    expect(await receivedRequests(runs[0]!.session_id!)).not.toHaveLength(0);
    await client.beta.deployments.archive(deployment.id);
  });

  it("after downtime, collapse every missed occurrence into one catch-up run, then keep to the schedule", async () => {
    const { agent, environment } = await deployable(client);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id, { expression: "*/5 * * * *", timezone: "UTC" }));
    const latest = Math.floor(Date.now() / FIVE_MINUTES) * FIVE_MINUTES;

    // The object was down for fifty minutes: its alarm comes due ten occurrences late.
    await fireAlarm(agent.id, deployment.id, latest - 10 * FIVE_MINUTES);
    const runs = await runsOf(client, deployment.id);
    const catchUps = runs.filter((run) => run.trigger_context.type === "schedule" && run.trigger_context.catch_up);
    expect(catchUps).toHaveLength(1);
    expect(catchUps[0]!.trigger_context).toEqual({ type: "schedule", scheduled_at: new Date(latest).toISOString(), catch_up: true });
    expect(catchUps[0]!.session_id).not.toBeNull();
    for (const run of runs) expect(Date.parse((run.trigger_context as { scheduled_at: string }).scheduled_at)).toBeGreaterThanOrEqual(latest);
    expect(await scheduledFire(agent.id, deployment.id)).toBeGreaterThan(Date.now() - 1);
    await client.beta.deployments.archive(deployment.id);
  });

  it("stop while paused: a due alarm of a paused deployment starts nothing", async () => {
    const { agent, environment } = await deployable(client);
    const { expression, occurrence } = dailyAtThisMinute("UTC");
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id, { expression, timezone: "UTC" }));
    await client.beta.deployments.pause(deployment.id);

    await fireAlarm(agent.id, deployment.id, occurrence);
    expect(await runsOf(client, deployment.id)).toEqual([]);
    expect(await sessionsOf(agent.id)).toEqual([]);
    expect(await scheduledFire(agent.id, deployment.id)).toBeNull();
  });

  it("record the error and pause the deployment when the environment was archived", async () => {
    const { agent, environment } = await deployable(client);
    const { expression, occurrence } = dailyAtThisMinute("UTC");
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id, { expression, timezone: "UTC" }));
    await client.beta.environments.archive(environment.id);

    await fireAlarm(agent.id, deployment.id, occurrence);
    const [run] = await runsOf(client, deployment.id);
    expect(run).toMatchObject({ session_id: null, result: null, error: { type: "environment_archived_error" } });
    expect(await client.beta.deployments.retrieve(deployment.id)).toMatchObject({
      status: "paused",
      paused_reason: { type: "error", error: { type: "environment_archived_error" } },
    });
    expect(await scheduledFire(agent.id, deployment.id)).toBeNull();
    expect(await sessionsOf(agent.id)).toEqual([]);
  });

  it("give each run's session the deployment's vaults, and pause with vault_archived_error once one is archived", async () => {
    const { agent, environment } = await deployable(client);
    await scriptReplies(agent.id, [textReply("Report written.")]);
    const vault = await client.beta.vaults.create({ display_name: "Order system" });
    const { expression, occurrence } = dailyAtThisMinute("UTC");
    const deployment = await client.beta.deployments.create({
      ...deploymentParams(agent.id, environment.id, { expression, timezone: "UTC" }),
      vault_ids: [vault.id],
    } as Parameters<typeof client.beta.deployments.create>[0]);
    expect(deployment.vault_ids).toEqual([vault.id]);

    const manual = (await client.beta.deployments.run(deployment.id)) as unknown as Run;
    expect((await client.beta.sessions.retrieve(manual.session_id!)).vault_ids).toEqual([vault.id]);
    await settledRun(client, manual.id);

    await client.beta.vaults.archive(vault.id);
    await fireAlarm(agent.id, deployment.id, occurrence);
    const failed = (await runsOf(client, deployment.id, { trigger_type: "schedule" }))[0];
    expect(failed).toMatchObject({ session_id: null, error: { type: "vault_archived_error" } });
    expect(await client.beta.deployments.retrieve(deployment.id)).toMatchObject({
      status: "paused",
      paused_reason: { error: { type: "vault_archived_error" } },
    });
    // A deployment takes no archived vault, and no other tenant's.
    await expect(client.beta.deployments.update(deployment.id, { vault_ids: [vault.id] } as never)).rejects.toMatchObject({ status: 400 });
    await expect(client.beta.deployments.update(deployment.id, { vault_ids: ["vlt_nosuchvaultnosuchvault"] } as never)).rejects.toMatchObject({ status: 404 });
  });
});

describe("manual runs", () => {
  it("start a session now, even while paused, and record its result", async () => {
    const { agent, environment } = await deployable(client);
    await scriptReplies(agent.id, [textReply("First report."), textReply("Second report.")]);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id));

    const run = (await client.beta.deployments.run(deployment.id)) as unknown as Run;
    expect(run).toMatchObject({ deployment_id: deployment.id, trigger_context: { type: "manual" }, error: null, result: "running" });
    expect((await settledRun(client, run.id)).result).toBe("succeeded");

    await client.beta.deployments.pause(deployment.id);
    const whilePaused = (await client.beta.deployments.run(deployment.id)) as unknown as Run;
    expect(whilePaused.session_id).not.toBeNull();
    expect((await settledRun(client, whilePaused.id)).result).toBe("succeeded");

    expect((await runsOf(client, deployment.id, { trigger_type: "manual" })).map((item) => item.id).sort()).toEqual([run.id, whilePaused.id].sort());
    expect(await runsOf(client, deployment.id, { trigger_type: "schedule" })).toEqual([]);
    // Manual runs leave the schedule's last run alone.
    expect((await client.beta.deployments.retrieve(deployment.id)).schedule).toBeNull();
  });

  it("record a failed result when the session runs out of model retries", async () => {
    const { agent, environment } = await deployable(client);
    await scriptReplies(agent.id, [
      { type: "error", status: 500 },
      { type: "error", status: 500 },
      { type: "error", status: 500 },
    ]);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id));

    const run = await client.beta.deployments.run(deployment.id);
    const settled = await settledRun(client, run.id);
    expect(settled).toMatchObject({ result: "failed", error: null, session_id: run.session_id });
    const session = await client.beta.sessions.retrieve(run.session_id!);
    expect((session as unknown as { stop_reason: unknown }).stop_reason).toEqual({ type: "retries_exhausted" });
  });

  it("record a failed result when the session terminates on a request error", async () => {
    const { agent, environment } = await deployable(client);
    await scriptReplies(agent.id, [{ type: "error", status: 400 }]);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id));

    const run = await client.beta.deployments.run(deployment.id);
    expect(await settledRun(client, run.id)).toMatchObject({ result: "failed", error: null });
    expect((await client.beta.sessions.retrieve(run.session_id!)).status).toBe("terminated");
    expect((await runsOf(client, deployment.id, { has_error: false })).map((item) => item.id)).toEqual([run.id]);
  });
});

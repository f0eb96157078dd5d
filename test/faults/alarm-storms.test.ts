// Alarm storms and concurrency on one agent object: everything due at once runs, an agent dreams one dream at a time,
// and user messages that arrive while a step runs are queued and answered, never lost.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { putWork } from "../../src/schedule/work-schedule";
import type { Dream } from "../../src/schemas/dream-resource";
import { allEvents, api, createAgent, createEnvironment, lucidClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";
import { exportAgent, type LucidAgent, runWorkaroundSession } from "../fixtures/workaround-sessions";
import { dailyAtThisMinute, deploymentParams, runsOf, settledRun } from "../fixtures/deployments";
import { waitForDream } from "../fixtures/dreams";

const client = lucidClient();
const SESSIONS = 20;
const HOURLY = { enabled: true, mode: "auto" as const, schedule: { type: "interval" as const, minutes: 60 } };

async function startSession(agentId: string, environmentId: string, text: string) {
  return client.beta.sessions.create({
    agent: agentId,
    environment_id: environmentId,
    initial_events: [{ type: "user.message", content: [{ type: "text", text }] }],
  });
}

async function dreamsOf(agentId: string): Promise<Dream[]> {
  const dreams: Dream[] = [];
  for await (const dream of client.beta.dreams.list({ include_archived: true } as never)) {
    const full = (await client.beta.dreams.retrieve(dream.id)) as unknown as Dream;
    if (full.agent_id === agentId) dreams.push(full);
  }
  return dreams;
}

const ended = (dream: Dream) => dream.ended_at !== null;

/** Makes the agent's cadence dream due now (as if its hour had come) and runs the agent's alarm. */
async function dreamCadenceDue(agentId: string): Promise<void> {
  const stub = env.AGENT.getByName(agentId);
  await runInDurableObject(stub, async (_instance, state) => {
    putWork(state.storage.sql, "agent_dream", agentId, Date.now());
    await state.storage.setAlarm(Date.now() + 3_600_000);
  });
  await runDurableObjectAlarm(stub);
}

/** A POST /v1/agents/{id}/dream: the dream it started, or the error it was refused with. */
async function requestDream(agentId: string): Promise<{ status: number; body: { id?: string; error?: { type: string; message: string } } }> {
  const response = await api(`/v1/agents/${agentId}/dream`, { method: "POST" });
  return { status: response.status, body: (await response.json()) as never };
}

describe("an alarm storm on one agent", () => {
  it("runs twenty sessions, a scheduled deployment and a cadence dream that are all due at once, each exactly once", async () => {
    const agent = await createAgent(client, { dreaming: HOURLY });
    const environment = await createEnvironment(client);
    // Something for the dream to read.
    const earlier = await startSession(agent.id, environment.id, "Note that reports go out on Mondays.");
    await waitForStatus(client, earlier.id, ["idle"]);
    const { expression, occurrence } = dailyAtThisMinute("UTC");
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id, { expression, timezone: "UTC" }));

    // The deployment's fire and the dream come due together, while twenty sessions start at the same moment.
    const stub = env.AGENT.getByName(agent.id);
    await runInDurableObject(stub, async (_instance, state) => {
      putWork(state.storage.sql, "deployment_run", deployment.id, occurrence);
      putWork(state.storage.sql, "agent_dream", agent.id, Date.now());
      await state.storage.setAlarm(Date.now() + 3_600_000);
    });
    const [sessions] = await Promise.all([
      Promise.all(Array.from({ length: SESSIONS }, (_, index) => startSession(agent.id, environment.id, `Task ${index + 1}.`))),
      runDurableObjectAlarm(stub),
    ]);

    for (const session of sessions) await waitForStatus(client, session.id, ["idle"], 30_000);
    for (const session of sessions) {
      const events = await allEvents(client, session.id);
      // Each session's one step ran once: one model request, one answer, idle once.
      expect(
        events.filter((event) => event.type === "span.model_request_start"),
        session.id,
      ).toHaveLength(1);
      expect(
        events.filter((event) => event.type === "agent.message"),
        session.id,
      ).toHaveLength(1);
      expect(
        events.filter((event) => event.type === "session.status_idle"),
        session.id,
      ).toHaveLength(1);
    }
    const runs = await runsOf(client, deployment.id);
    expect(runs).toHaveLength(1);
    expect((await settledRun(client, runs[0]!.id, 30_000)).result).toBe("succeeded");
    const after = (await client.beta.agents.retrieve(agent.id)) as unknown as LucidAgent;
    expect(after.dream_status.last_dream_id).toMatch(/^drm_/);
    expect((await waitForDream(client, after.dream_status.last_dream_id!, ended)).status).toBe("completed");
    expect(await dreamsOf(agent.id)).toHaveLength(1);
    // Nothing was left behind: only the next (future) dream and deployment fire remain scheduled.
    const leftover = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql.exec<{ kind: string; due_at: number }>("SELECT kind, due_at FROM schedule WHERE kind NOT IN ('session_reflection')").toArray(),
    );
    expect(leftover.map((row) => row.kind).sort()).toEqual(["agent_dream", "deployment_run"]);
    for (const row of leftover) expect(row.due_at).toBeGreaterThan(Date.now());
  });
});

describe("one dream at a time", () => {
  it("starts one dream when two requests and the cadence ask at the same moment", async () => {
    const agent = await createAgent(client, { dreaming: HOURLY });
    const environment = await createEnvironment(client);
    const session = await startSession(agent.id, environment.id, "Note that reports go out on Mondays.");
    await waitForStatus(client, session.id, ["idle"]);

    const [first, second] = await Promise.all([requestDream(agent.id), requestDream(agent.id), dreamCadenceDue(agent.id)]);
    const dreams = await dreamsOf(agent.id);
    expect(dreams).toHaveLength(1);
    // The refused request says why: that dream is still running (409), or it already read everything new (400).
    const refused = [first, second].filter((response) => response.status !== 200);
    for (const response of refused) expect([400, 409]).toContain(response.status);
    expect([first, second].filter((response) => response.status === 200).length).toBeLessThanOrEqual(1);
    await waitForDream(client, dreams[0]!.id, ended);
  });

  it("refuses a requested dream and skips a due cadence dream while the last one waits for review, then dreams after it", async () => {
    const agent = await exportAgent(client, { dreaming: { ...HOURLY, mode: "review" } });
    for (const file of ["lease.docx", "nda.docx", "offer.docx"]) await runWorkaroundSession(client, agent.id, file);
    const held = await requestDream(agent.id);
    expect(held.status).toBe(200);
    const first = await waitForDream(client, held.body.id!, (dream) => dream.phase === "awaiting_review");
    expect(first.status).toBe("running");
    // New work since, so only the held dream stands in the way of the next.
    await runWorkaroundSession(client, agent.id, "memo.docx");

    const refused = await requestDream(agent.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ type: "conflict_error", message: expect.stringContaining(`Dream '${first.id}'`) });
    expect(refused.body.error!.message).toMatch(/waiting for review .* one dream at a time/);
    await dreamCadenceDue(agent.id);
    const skipped = (await client.beta.agents.retrieve(agent.id)) as unknown as LucidAgent;
    expect(skipped.dream_status.last_dream_id).toBe(first.id);
    expect(skipped.dream_status.last_skipped?.reason).toMatch(/one dream at a time/);
    expect(await dreamsOf(agent.id)).toHaveLength(1);

    await client.post(`/v1/dreams/${first.id}/reject`);
    const next = await requestDream(agent.id);
    expect(next.status).toBe(200);
    const [earlier, later] = [await waitForDream(client, first.id, ended), (await client.beta.dreams.retrieve(next.body.id!)) as unknown as Dream];
    // The two never overlapped: the second was created after the first ended.
    expect(Date.parse(later.created_at)).toBeGreaterThanOrEqual(Date.parse(earlier.ended_at!));
  });
});

describe("messages that arrive during a step", () => {
  it("are queued, taken in after the running reply in the order sent, and answered by the next step", async () => {
    const agent = await createAgent(client);
    const environment = await createEnvironment(client);
    await scriptReplies(agent.id, [textReply("First answer.", { delay_ms: 2_000 }), textReply("Answer to the follow-ups.")]);
    const session = await startSession(agent.id, environment.id, "one");
    // The step's model call is in flight once its request reached the simulator.
    const deadline = Date.now() + 15_000;
    while ((await receivedRequests(session.id)).length === 0) {
      if (Date.now() > deadline) throw new Error("the first step never called the model");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const text of ["two", "three", "four"]) {
      await client.beta.sessions.events.send(session.id, { events: [{ type: "user.message", content: [{ type: "text", text }] }] });
    }
    await waitForStatus(client, session.id, ["idle"], 20_000);
    // Idle may come between the two steps only if the messages were lost; wait for the second answer to be sure.
    const answered = Date.now() + 15_000;
    let events = await allEvents(client, session.id);
    while (events.filter((event) => event.type === "agent.message").length < 2 && Date.now() < answered) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      events = await allEvents(client, session.id);
    }

    const conversation = events
      .filter((event) => event.type === "user.message" || event.type === "agent.message")
      .map((event) => `${event.type}:${(event as { content: { text: string }[] }).content[0]!.text}`);
    expect(conversation).toEqual([
      "user.message:one",
      "agent.message:First answer.",
      "user.message:two",
      "user.message:three",
      "user.message:four",
      "agent.message:Answer to the follow-ups.",
    ]);
    // Two steps, each asking the model once; the second asked with all three follow-ups after the first answer, in order.
    expect(events.filter((event) => event.type === "span.model_request_start")).toHaveLength(2);
    const secondStep = (await receivedRequests(session.id))
      .map((request) => JSON.stringify(request.body.messages))
      .filter((asked) => asked.includes("First answer."));
    expect(secondStep).toHaveLength(1);
    const order = ["First answer.", '"two"', '"three"', '"four"'].map((text) => secondStep[0]!.indexOf(text));
    expect(order.every((position, index) => position > -1 && (index === 0 || position > order[index - 1]!))).toBe(true);
    expect(events.filter((event) => event.type === "session.status_idle")).toHaveLength(1);
  });
});

// Sessions in a self-hosted environment, with the worker's side played here through the official SDK: the toolset's
// calls are recorded, handed to the environment's work queue and answered by the worker's `user.tool_result` (the
// model then reads it); a work token sends nothing else; a call no worker takes in time is answered with an error.
import Anthropic from "@anthropic-ai/sdk";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { environmentOf } from "../../src/platform/stubs";
import { putWork } from "../../src/schedule/work-schedule";
import { allEvents, createAgent, lucidClient, waitForEvents, waitForStatus } from "../fixtures/lucid";
import { clientWith, selfHostedEnvironment, takeWork } from "../fixtures/environment-work";
import { eventually } from "../fixtures/polling";
import { receivedRequests, scriptReplies, type SimReply, textReply } from "../fixtures/simulator";

const TENANT = "tnt_default";
const client = lucidClient();
const call = (name: string, input: Record<string, unknown>): SimReply => ({ type: "message", content: [{ type: "tool_use", name, input }] });
const ask = (text: string) => [{ type: "user.message" as const, content: [{ type: "text" as const, text }] }];

/** A self-hosted environment, its key, and a session whose model runs `bash` once and then answers. */
async function sessionCallingBash() {
  const { environment, environmentKey: key } = await selfHostedEnvironment("my machine");
  const agent = await createAgent(client, { tools: [{ type: "agent_toolset_20260401" }] });
  await scriptReplies(agent.id, [call("bash", { command: "echo hello > hello.txt && cat hello.txt" }), textReply("It says hello.")]);
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: ask("Run it.") });
  const [toolUse] = await waitForEvents(client, session.id, "agent.tool_use");
  return { environment, environmentKey: key, session, toolUse: toolUse as Anthropic.Beta.Sessions.BetaManagedAgentsAgentToolUseEvent };
}

describe("a session in a self-hosted environment", () => {
  it("offers the worker's toolset, hands a bash call to the queue, and runs on with the worker's result", async () => {
    const { environment, environmentKey, session, toolUse } = await sessionCallingBash();
    expect(toolUse).toMatchObject({ name: "bash", input: { command: "echo hello > hello.txt && cat hello.txt" }, evaluated_permission: "allow" });
    const offered = (await receivedRequests(session.id))[0]!.body.tools?.map((tool) => tool.name) ?? [];
    expect(offered).toEqual(expect.arrayContaining(["bash", "read", "write", "edit", "glob", "grep"]));
    // Nothing runs it on Lucid: the session waits, running, for the worker.
    expect((await client.beta.sessions.retrieve(session.id)).status).toBe("running");

    const { item, token } = await takeWork(environment.id, environmentKey);
    expect(item.data).toEqual({ type: "session", id: session.id });
    const worker = clientWith(token);
    expect((await worker.beta.sessions.retrieve(session.id)).id).toBe(session.id);
    await worker.beta.sessions.events.send(session.id, {
      events: [{ type: "user.tool_result", tool_use_id: toolUse.id, content: [{ type: "text", text: "hello" }], is_error: false }],
    });
    await waitForStatus(client, session.id, ["idle"]);

    const types = (await allEvents(client, session.id)).map((event) => event.type);
    expect(types.slice(types.indexOf("agent.tool_use"))).toEqual(expect.arrayContaining(["user.tool_result", "agent.message", "session.status_idle"]));
    // The model read the worker's output as the call's result.
    const followUp = (await receivedRequests(session.id)).at(-1)!;
    expect(JSON.stringify(followUp.body.messages)).toContain(`"tool_use_id":"${toolUse.id}"`);
    expect(JSON.stringify(followUp.body.messages)).toContain("hello");
  });

  it("lets a work token send only user.tool_result, for calls its worker was handed, in its own session", async () => {
    const { environment, environmentKey, session, toolUse } = await sessionCallingBash();
    const { token } = await takeWork(environment.id, environmentKey);
    const worker = clientWith(token);
    await expect(worker.beta.sessions.events.send(session.id, { events: ask("I am the worker.") })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    await expect(
      worker.beta.sessions.events.send(session.id, { events: [{ type: "user.tool_result", tool_use_id: "sevt_never", content: [] }] }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    const other = await sessionCallingBash();
    await expect(worker.beta.sessions.retrieve(other.session.id)).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    await expect(worker.beta.agents.list()).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    // The call still waits for its worker.
    expect((await allEvents(client, session.id)).some((event) => event.type === "user.tool_result" && event.tool_use_id === toolUse.id)).toBe(false);
  });

  it("refuses user.tool_result in a cloud environment, where Lucid runs the tools itself", async () => {
    const agent = await createAgent(client, { tools: [{ type: "agent_toolset_20260401" }] });
    await scriptReplies(agent.id, [textReply("Hello.")]);
    const environment = await client.beta.environments.create({ name: "cloud" });
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: ask("Hi.") });
    await waitForStatus(client, session.id, ["idle"]);
    await expect(
      client.beta.sessions.events.send(session.id, { events: [{ type: "user.tool_result", tool_use_id: "sevt_x", content: [] }] }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("answers a call no worker took in time with an error result, stops its work item, and runs on", async () => {
    const { environment, session, toolUse } = await sessionCallingBash();
    const agentId = session.agent.id;
    // The call was made long ago (more than the 120 s a worker has to take it), and its timeout is due now.
    await runInDurableObject(env.AGENT.getByName(agentId), (_instance, state) => {
      const row = state.storage.sql.exec<{ body: string }>("SELECT body FROM events WHERE id = ?", toolUse.id).one();
      const aged = { ...JSON.parse(row.body), processed_at: new Date(Date.now() - 10 * 60_000).toISOString() };
      state.storage.sql.exec("UPDATE events SET body = ?, processed_at = ? WHERE id = ?", JSON.stringify(aged), aged.processed_at, toolUse.id);
      putWork(state.storage.sql, "worker_call_timeout", session.id, Date.now());
    });
    await runDurableObjectAlarm(env.AGENT.getByName(agentId));
    await waitForStatus(client, session.id, ["idle"]);
    const result = (await allEvents(client, session.id)).find((event) => event.type === "user.tool_result");
    expect(result).toMatchObject({ tool_use_id: toolUse.id, is_error: true });
    expect(JSON.stringify(result)).toContain(`No worker of self-hosted environment '${environment.id}' took this call`);
    expect((await environmentOf(env, environment.id).sessionWork(TENANT, session.id))?.state).toBe("stopped");
  });

  it("waits on while a worker holds the session's lease, however long the call takes", async () => {
    const { environment, environmentKey, session, toolUse } = await sessionCallingBash();
    const { item } = await takeWork(environment.id, environmentKey);
    await clientWith(environmentKey).beta.environments.work.heartbeat(item.id, { environment_id: environment.id, expected_last_heartbeat: "NO_HEARTBEAT" });
    const agentId = session.agent.id;
    await runInDurableObject(env.AGENT.getByName(agentId), (_instance, state) => {
      const row = state.storage.sql.exec<{ body: string }>("SELECT body FROM events WHERE id = ?", toolUse.id).one();
      const aged = { ...JSON.parse(row.body), processed_at: new Date(Date.now() - 10 * 60_000).toISOString() };
      state.storage.sql.exec("UPDATE events SET body = ? WHERE id = ?", JSON.stringify(aged), toolUse.id);
      putWork(state.storage.sql, "worker_call_timeout", session.id, Date.now());
    });
    await runDurableObjectAlarm(env.AGENT.getByName(agentId));
    expect((await allEvents(client, session.id)).some((event) => event.type === "user.tool_result")).toBe(false);
    expect((await client.beta.sessions.retrieve(session.id)).status).toBe("running");
  });

  it("stops the session's work item when the session is interrupted", async () => {
    const { environment, environmentKey, session } = await sessionCallingBash();
    const { item } = await takeWork(environment.id, environmentKey);
    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.interrupt" }] });
    const state = (await clientWith(environmentKey).beta.environments.work.retrieve(item.id, { environment_id: environment.id })).state;
    expect(["stopping", "stopped"]).toContain(state);
  });

  it("queues the session again at once when the worker that held it stops before its calls reached it", async () => {
    const { environment, environmentKey, session } = await sessionCallingBash();
    const { item } = await takeWork(environment.id, environmentKey);
    // The worker leaves (it stops its item ~60 s after a turn ends) just as this call was handed over. The stop tells
    // the session, whose pending call is queued again now, not when its wait (120 s here) would end.
    await clientWith(environmentKey).beta.environments.work.stop(item.id, { environment_id: environment.id, force: true });
    const work = clientWith(environmentKey).beta.environments.work;
    const again = await eventually(async () => (await work.poll(environment.id, { block_ms: 999 })) ?? undefined, "the session queued again", 5_000);
    expect(again).toMatchObject({ data: { type: "session", id: session.id }, state: expect.not.stringMatching(/stop/) });
    expect(again.id).not.toBe(item.id);
    expect((await allEvents(client, session.id)).some((event) => event.type === "user.tool_result")).toBe(false);
  });

  it("queues nothing when a worker stops an item whose session has no call pending", async () => {
    const { environment, environmentKey, session, toolUse } = await sessionCallingBash();
    const { item, token } = await takeWork(environment.id, environmentKey);
    await clientWith(token).beta.sessions.events.send(session.id, {
      events: [{ type: "user.tool_result", tool_use_id: toolUse.id, content: [{ type: "text", text: "hello" }] }],
    });
    await waitForStatus(client, session.id, ["idle"]);
    const work = clientWith(environmentKey).beta.environments.work;
    await work.stop(item.id, { environment_id: environment.id, force: true });
    expect(await work.poll(environment.id, { block_ms: 500 })).toBeNull();
  });

  it("stops every work item of an archived environment, so its workers' tokens reach nothing but their stop", async () => {
    const { environment, environmentKey, session } = await sessionCallingBash();
    const { item, token } = await takeWork(environment.id, environmentKey);
    const worker = clientWith(token);
    expect((await worker.beta.sessions.retrieve(session.id)).id).toBe(session.id);
    await client.beta.environments.archive(environment.id);
    expect((await environmentOf(env, environment.id).sessionWork(TENANT, session.id))?.state).toBe("stopped");
    await expect(worker.beta.sessions.retrieve(session.id)).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    await expect(worker.beta.environments.work.stop(item.id, { environment_id: environment.id, force: true })).rejects.toBeInstanceOf(Anthropic.ConflictError);
  });
});

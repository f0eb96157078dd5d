// Sessions of an agent connected to an MCP server (test/mcp/mcp-server-worker.ts, reached through MCP_EGRESS), driven
// through the official SDK: the server's tools are listed with the vault's credential, offered as <server>__<tool>,
// called by Lucid and recorded as agent.mcp_tool_use / agent.mcp_tool_result; the credential is never in the
// transcript; a server that refuses, is down, malformed, oversized or slow is a session.error, not a failed session;
// MCP tools ask for confirmation unless configured otherwise.
import type Anthropic from "@anthropic-ai/sdk";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { armCrash, disarmCrashes } from "../../src/faults/crash-points";
import { crashHappened } from "../fixtures/crashes";
import { allEvents, api, createAgent, lucidClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests } from "../fixtures/simulator";

const client = lucidClient();
const TOKEN = "mcp-test-token";
const SERVER_URL = "https://mcp.example.com/mcp";

type SessionEvent = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent;

async function casesAgent(url = SERVER_URL, policy: "always_allow" | "default" = "always_allow") {
  return createAgent(client, {
    mcp_servers: [{ type: "url", name: "cases", url }],
    tools: [
      {
        type: "mcp_toolset",
        mcp_server_name: "cases",
        ...(policy === "default" ? {} : { default_config: { permission_policy: { type: policy } } }),
      },
    ],
  } as Parameters<typeof createAgent>[1]);
}

async function vaultWith(token: string, url = SERVER_URL) {
  const vault = await client.beta.vaults.create({ display_name: "MCP session vault" });
  await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: url, token } });
  return vault.id;
}

/** Starts a session that asks for `text`, and waits until it is idle. */
async function runTurn(agentId: string, vaultIds: string[], text: string) {
  const environment = await client.beta.environments.create({ name: "mcp" });
  const session = await client.beta.sessions.create({
    agent: agentId,
    environment_id: environment.id,
    vault_ids: vaultIds,
    resources: [],
    initial_events: [{ type: "user.message", content: [{ type: "text", text }] }],
  } as Anthropic.Beta.SessionCreateParams);
  await waitForStatus(client, session.id, ["idle"]);
  return { sessionId: session.id, events: await allEvents(client, session.id) };
}

const ofType = <T extends SessionEvent["type"]>(events: SessionEvent[], type: T) =>
  events.filter((event): event is Extract<SessionEvent, { type: T }> => event.type === type);

describe("an agent's MCP server", () => {
  it("is listed and called with the session's vault credential, its calls recorded as MCP events", async () => {
    const agent = await casesAgent();
    const { sessionId, events } = await runTurn(agent.id, [await vaultWith(TOKEN)], "Use the tool lookup_case with case_id: C-7");
    const [use] = ofType(events, "agent.mcp_tool_use");
    expect(use).toMatchObject({ name: "lookup_case", mcp_server_name: "cases", input: { case_id: "C-7" }, evaluated_permission: "allow" });
    const [result] = ofType(events, "agent.mcp_tool_result");
    expect(result).toMatchObject({
      mcp_tool_use_id: use!.id,
      is_error: false,
      content: [{ type: "text", text: "Case C-7: open, assigned to the legal team." }],
    });
    expect(ofType(events, "agent.message").at(-1)!.content[0]).toMatchObject({ text: expect.stringContaining("returned: Case C-7: open") });
    // The model was offered the server's tools under names that cannot collide with others.
    const offered = (await receivedRequests(sessionId))[0]!.body.tools?.map((tool) => tool.name);
    expect(offered).toEqual(["cases__lookup_case", "cases__close_case"]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(ofType(events, "session.error")).toEqual([]);
    // Nor in the agent's export, which carries its sessions whole.
    const exported = await (await api(`/v1/agents/${agent.id}/export`)).text();
    expect(exported).toContain(sessionId);
    expect(exported).not.toContain(TOKEN);
  });

  it("reports a tool's own failure as an error result the model reads", async () => {
    const agent = await casesAgent();
    const { events } = await runTurn(agent.id, [await vaultWith(TOKEN)], "Use the tool close_case with case_id: C-9");
    expect(ofType(events, "agent.mcp_tool_result")[0]).toMatchObject({ is_error: true, content: [{ text: "Case C-9 cannot be closed: it has open tasks." }] });
    expect(ofType(events, "session.status_idle").at(-1)!.stop_reason).toEqual({ type: "end_turn" });
  });

  it("that refuses the credential is an mcp_authentication_failed_error, with the credential redacted, and the session goes on without it", async () => {
    const agent = await casesAgent();
    const { events } = await runTurn(agent.id, [await vaultWith("wrong-secret-token")], "Use the tool lookup_case with case_id: C-7");
    const [error] = ofType(events, "session.error");
    expect(error!.error).toMatchObject({ type: "mcp_authentication_failed_error", mcp_server_name: "cases", retry_status: { type: "retrying" } });
    // The server echoed the header it received; the session's record never holds the secret.
    expect(JSON.stringify(events)).not.toContain("wrong-secret-token");
    expect(error!.error.message).toContain("[redacted]");
    expect(ofType(events, "agent.mcp_tool_use")).toEqual([]);
    expect(ofType(events, "session.status_idle").at(-1)!.stop_reason).toEqual({ type: "end_turn" });
  });

  it("that keeps failing is reported once, not at every step: the next turn soon after does not try it again", async () => {
    const url = "https://mcp.example.com/down";
    const agent = await casesAgent(url);
    const { sessionId, events } = await runTurn(agent.id, [await vaultWith(TOKEN, url)], "Use the tool lookup_case with case_id: C-7");
    expect(ofType(events, "session.error")).toHaveLength(1);
    await client.beta.sessions.events.send(sessionId, { events: [{ type: "user.message", content: [{ type: "text", text: "And case C-8?" }] }] });
    await waitForStatus(client, sessionId, ["idle"]);
    const after = await allEvents(client, sessionId);
    expect(ofType(after, "agent.message")).toHaveLength(2);
    expect(ofType(after, "session.error")).toHaveLength(1);
  });

  it("whose credential cannot be opened (its key lost) is an mcp_authentication_failed_error saying so, not a call without it", async () => {
    const agent = await casesAgent();
    const vaultId = await vaultWith(TOKEN);
    await runInDurableObject(env.VAULT.getByName(vaultId), (_instance, state) => {
      state.storage.sql.exec("UPDATE credentials SET secrets = ?", JSON.stringify({ token: "v1:00000000:AAAA:AAAA" }));
    });
    const { events } = await runTurn(agent.id, [vaultId], "Use the tool lookup_case with case_id: C-7");
    const [error] = ofType(events, "session.error");
    expect(error!.error).toMatchObject({ type: "mcp_authentication_failed_error", mcp_server_name: "cases" });
    expect(error!.error.message).toContain(`the credential in vault '${vaultId}' cannot be used`);
  });

  it("without any credential for its URL is called without one (and refused here)", async () => {
    const agent = await casesAgent();
    const { events } = await runTurn(agent.id, [await vaultWith(TOKEN, "https://other.example.com/mcp")], "Use the tool lookup_case with case_id: C-7");
    expect(ofType(events, "session.error")[0]!.error).toMatchObject({ type: "mcp_authentication_failed_error" });
  });

  it.each([
    ["down", "/down"],
    ["not speaking MCP", "/broken"],
    ["answering more than Lucid takes", "/huge"],
    ["too slow", "/slow"],
  ])("that is %s is an mcp_connection_failed_error, and the session still answers", async (_, path) => {
    const url = `https://mcp.example.com${path}`;
    const agent = await casesAgent(url);
    const { events } = await runTurn(agent.id, [await vaultWith(TOKEN, url)], "Use the tool lookup_case with case_id: C-7");
    expect(ofType(events, "session.error")[0]!.error).toMatchObject({ type: "mcp_connection_failed_error", mcp_server_name: "cases" });
    expect(ofType(events, "agent.message").at(-1)!.content[0]).toMatchObject({ text: expect.stringContaining("Simulated reply to") });
  });

  it("asks before each call unless its toolset allows it (always_ask by default), and never runs a denied one", async () => {
    const agent = await casesAgent(SERVER_URL, "default");
    expect(agent.tools[0]).toMatchObject({ type: "mcp_toolset", default_config: { enabled: true, permission_policy: { type: "always_ask" } } });
    const { sessionId, events } = await runTurn(agent.id, [await vaultWith(TOKEN)], "Use the tool lookup_case with case_id: C-7");
    const [use] = ofType(events, "agent.mcp_tool_use");
    expect(use).toMatchObject({ evaluated_permission: "ask" });
    expect(ofType(events, "session.status_idle").at(-1)!.stop_reason).toEqual({ type: "requires_action", event_ids: [use!.id] });
    expect(ofType(events, "agent.mcp_tool_result")).toEqual([]);

    await client.beta.sessions.events.send(sessionId, { events: [{ type: "user.tool_confirmation", tool_use_id: use!.id, result: "allow" }] });
    await waitForStatus(client, sessionId, ["idle"]);
    expect(ofType(await allEvents(client, sessionId), "agent.mcp_tool_result")[0]).toMatchObject({ mcp_tool_use_id: use!.id, is_error: false });

    await client.beta.sessions.events.send(sessionId, {
      events: [{ type: "user.message", content: [{ type: "text", text: "Use the tool close_case with case_id: C-7" }] }],
    });
    await waitForStatus(client, sessionId, ["idle"]);
    const second = ofType(await allEvents(client, sessionId), "agent.mcp_tool_use")[1]!;
    await client.beta.sessions.events.send(sessionId, {
      events: [{ type: "user.tool_confirmation", tool_use_id: second.id, result: "deny", deny_message: "Not without the partner's sign-off." }],
    });
    await waitForStatus(client, sessionId, ["idle"]);
    const denied = ofType(await allEvents(client, sessionId), "agent.mcp_tool_result").find((event) => event.mcp_tool_use_id === second.id)!;
    expect(denied.is_error).toBe(true);
    expect(JSON.stringify(denied.content)).toContain("Not without the partner's sign-off.");
  });
});

describe("a crash around an MCP call", () => {
  afterEach(() => disarmCrashes());

  it.each(["session.tool_executed", "session.tool_recorded"] as const)("at %s still answers the call exactly once", async (point) => {
    const agent = await casesAgent();
    const vaultId = await vaultWith(TOKEN);
    const environment = await client.beta.environments.create({ name: "mcp crash" });
    armCrash(point);
    const session = await client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      vault_ids: [vaultId],
      resources: [],
      initial_events: [{ type: "user.message", content: [{ type: "text", text: "Use the tool lookup_case with case_id: C-7" }] }],
    } as Anthropic.Beta.SessionCreateParams);
    await crashHappened(point);
    // The restart: the alarm runs the step the crash cut short.
    expect(await runDurableObjectAlarm(env.AGENT.getByName(agent.id))).toBe(true);
    await waitForStatus(client, session.id, ["idle"]);
    const events = await allEvents(client, session.id);
    const uses = ofType(events, "agent.mcp_tool_use");
    expect(uses).toHaveLength(1);
    // A crash after the call ran but before its result was recorded runs it again (at least once, as the guide says);
    // the transcript still holds one result.
    expect(ofType(events, "agent.mcp_tool_result").map((result) => result.mcp_tool_use_id)).toEqual([uses[0]!.id]);
    expect(ofType(events, "session.status_idle").at(-1)!.stop_reason).toEqual({ type: "end_turn" });
  });
});

describe("MCP servers on an agent", () => {
  const create = (body: Record<string, unknown>) => createAgent(client, body as Parameters<typeof createAgent>[1]);
  const server = (name: string, url = SERVER_URL) => ({ type: "url", name, url });
  const toolset = (name: string) => ({ type: "mcp_toolset", mcp_server_name: name });

  it("are stored and returned with their toolsets resolved", async () => {
    const agent = await create({ mcp_servers: [server("cases")], tools: [{ ...toolset("cases"), configs: [{ name: "close_case", enabled: false }] }] });
    expect(agent.mcp_servers).toEqual([server("cases")]);
    expect(agent.tools).toEqual([
      {
        type: "mcp_toolset",
        mcp_server_name: "cases",
        configs: [{ name: "close_case", enabled: false, permission_policy: { type: "always_ask" } }],
        default_config: { enabled: true, permission_policy: { type: "always_ask" } },
      },
    ]);
    expect((await client.beta.agents.retrieve(agent.id)).mcp_servers).toEqual([server("cases")]);
  });

  it.each([
    ["a server without a toolset", { mcp_servers: [server("cases")], tools: [] }, /MCP server 'cases' has no mcp_toolset/],
    ["a toolset without its server", { mcp_servers: [], tools: [toolset("cases")] }, /not in mcp_servers/],
    ["two servers of one name", { mcp_servers: [server("cases"), server("cases")], tools: [toolset("cases")] }, /used twice/],
    ["a name with '__'", { mcp_servers: [server("my__cases")], tools: [toolset("my__cases")] }, /may not contain '__'/],
    ["a private address", { mcp_servers: [server("cases", "https://10.0.0.7/mcp")], tools: [toolset("cases")] }, /private address/],
    ["a cloud metadata host", { mcp_servers: [server("cases", "http://metadata/computeMetadata")], tools: [toolset("cases")] }, /mcp_servers\[0\]\.url/],
    [
      "more than 20 servers",
      { mcp_servers: Array.from({ length: 21 }, (_, i) => server(`s${i}`)), tools: Array.from({ length: 21 }, (_, i) => toolset(`s${i}`)) },
      /at most 20 MCP servers/,
    ],
  ])("refuse %s", async (_, body, message) => {
    await expect(create(body)).rejects.toMatchObject({
      status: 400,
      error: { error: { type: "invalid_request_error", message: expect.stringMatching(message) } },
    });
  });

  it("are checked against the tools an update keeps: removing the server alone is refused, removing both is not", async () => {
    const agent = await create({ mcp_servers: [server("cases")], tools: [toolset("cases")] });
    await expect(client.beta.agents.update(agent.id, { version: agent.version, mcp_servers: [] })).rejects.toMatchObject({ status: 400 });
    const updated = await client.beta.agents.update(agent.id, { version: agent.version, mcp_servers: [], tools: [] });
    expect(updated).toMatchObject({ mcp_servers: [], tools: [] });
  });
});

describe("checking an agent's MCP server (Lucid extension)", () => {
  const check = (agentId: string, name: string, vaultIds?: string[]) =>
    api(`/v1/agents/${agentId}/mcp_servers/${name}/check`, { method: "POST", json: vaultIds ? { vault_ids: vaultIds } : {} });

  it("lists its tools with the vaults' credential, and says why it cannot otherwise", async () => {
    const agent = await casesAgent();
    const good = await check(agent.id, "cases", [await vaultWith(TOKEN)]);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({
      type: "mcp_server_check",
      mcp_server_name: "cases",
      status: "ok",
      credential_sent: true,
      tools: [{ name: "lookup_case" }, { name: "close_case" }],
      message: null,
    });
    const refused = (await (await check(agent.id, "cases")).json()) as { status: string; credential_sent: boolean };
    expect(refused).toMatchObject({ status: "authentication_failed", credential_sent: false });
    const down = await casesAgent("https://mcp.example.com/down");
    expect(await (await check(down.id, "cases")).json()).toMatchObject({ status: "connection_failed", tools: [] });
    expect((await check(agent.id, "tickets")).status).toBe(404);
  });
});

describe("a session's vaults", () => {
  it("are kept on the session, and must be the tenant's and not archived", async () => {
    const agent = await casesAgent();
    const environment = await client.beta.environments.create({ name: "vaults" });
    const vaultId = await vaultWith(TOKEN);
    const session = await client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      vault_ids: [vaultId],
    } as Anthropic.Beta.SessionCreateParams);
    expect(session.vault_ids).toEqual([vaultId]);
    await expect(
      client.beta.sessions.create({
        agent: agent.id,
        environment_id: environment.id,
        vault_ids: ["vlt_nosuchvaultnosuchvault"],
      } as Anthropic.Beta.SessionCreateParams),
    ).rejects.toMatchObject({ status: 404 });
    await client.beta.vaults.archive(vaultId);
    await expect(
      client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, vault_ids: [vaultId] } as Anthropic.Beta.SessionCreateParams),
    ).rejects.toMatchObject({ status: 400 });
  });
});

// The web tools (web_fetch, web_search) of the agent toolset, against a small web (test/tools/web-site-worker.ts)
// reached through WEB_EGRESS: sessions driven through the official SDK for what the model sees, the toolset run
// directly for each way a fetch fails, and the toolset's web settings as agents declare them.
import type Anthropic from "@anthropic-ai/sdk";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { ApiError } from "../../src/platform/errors";
import type { Agent } from "../../src/schemas/agent";
import { AgentToolsetParam } from "../../src/schemas/agent-toolset";
import type { ToolContext } from "../../src/tools/toolset";
import { refuseWebSearchWithoutProvider } from "../../src/tools/web-search-provider";
import { webTools } from "../../src/tools/web-tools";
import type { ShownText } from "../../src/tools/web-url-sources";
import { allEvents, createAgent, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { receivedRequests } from "../fixtures/simulator";

const client = lucidClient();
const SITE = "https://docs.example.com";

type SessionEvent = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent;
type ToolConfigs = Record<string, unknown>[];

const toolset = (configs: ToolConfigs = []) => ({ type: "agent_toolset_20260401", configs });
/** An agent with these tools, given as the wire takes them (the settings' shapes are what is under test). */
const agentWith = (tools: unknown[]) => createAgent(client, { tools } as unknown as Parameters<typeof createAgent>[1]);

/** A session that asks for `text`, run until idle: its tool calls and results, and the tools the model was offered. */
async function runTurn(text: string, configs: ToolConfigs = []) {
  const agent = await agentWith([toolset(configs)]);
  const session = await startSession(client, agent.id, text);
  await waitForStatus(client, session.id, ["idle"]);
  const events = await allEvents(client, session.id);
  const of = <T extends SessionEvent["type"]>(type: T) => events.filter((event): event is Extract<SessionEvent, { type: T }> => event.type === type);
  const [result] = of("agent.tool_result");
  const offered = (await receivedRequests(session.id))[0]!.body.tools?.map((tool) => tool.name) ?? [];
  return { uses: of("agent.tool_use"), result, text: (result?.content ?? []).map((block) => ("text" in block ? block.text : "")).join("") ?? "", offered };
}

/** A session's tool context (its agent holding `configs`), for running the toolset without a session. */
function contextOf(configs: ToolConfigs = [], bindings: Partial<Env> = {}, shown: ShownText[] = []): ToolContext {
  const agent = { id: "agent_web", tools: [AgentToolsetParam.parse(toolset(configs))], multiagent: null } as unknown as Agent;
  return {
    env: { ...env, ...bindings },
    tenantId: "default",
    sessionId: "sesn_web",
    environmentId: "env_web",
    toolsetHost: "cloud",
    agent,
    stores: [],
    roster: null,
    workspaceId: () => "wks_webwebwebwebwebwebweb",
    mcpTools: [],
    vaultIds: [],
    mcpTimeoutMs: 1_000,
    mcpToolsChanged: () => undefined,
    shownTexts: () => shown,
  };
}

const run = (name: string, input: unknown, configs: ToolConfigs = [], signal = new AbortController().signal) =>
  webTools.run({ id: "sevt_web", name, input }, contextOf(configs), signal);

describe("web_fetch in a session", () => {
  it("gives the model a page as readable text: title, headings, paragraphs, list items and links, without scripts, styles or chrome", async () => {
    const { uses, result, text, offered } = await runTurn(`Use the tool web_fetch with url: ${SITE}/guide`);
    expect(offered).toEqual(expect.arrayContaining(["web_fetch", "web_search"]));
    expect(uses[0]).toMatchObject({ name: "web_fetch", input: { url: `${SITE}/guide` }, evaluated_permission: "allow" });
    expect(result).toMatchObject({ tool_use_id: uses[0]!.id, is_error: false });
    expect(text).toBe(
      [
        `Fetched ${SITE}/guide`,
        "Title: Lucid field guide",
        "",
        "# Getting started",
        "",
        "Lucid runs agents on Cloudflare Workers & keeps their memory.",
        "",
        "## Next steps",
        "",
        "- Create an agent",
        `- Read the [session docs](${SITE}/docs/sessions)`,
      ].join("\n"),
    );
    for (const chrome of ["SCRIPT-TEXT", "color: red", "NAV-CHROME", "FOOTER-CHROME"]) expect(text).not.toContain(chrome);
  });

  it("refuses a redirect to a private address with an error result the model reads, and the session goes on", async () => {
    const { result, text } = await runTurn(`Use the tool web_fetch with url: ${SITE}/to-private`);
    expect(result!.is_error).toBe(true);
    expect(text).toBe(`Cannot follow the redirect from ${SITE}/to-private to http://10.0.0.5/admin: the URL must not point at a private address.`);
  });

  it("honours blocked_domains for the page and its subdomains", async () => {
    const { result, text } = await runTurn(`Use the tool web_fetch with url: ${SITE}/guide`, [{ name: "web_fetch", blocked_domains: ["example.com"] }]);
    expect(result!.is_error).toBe(true);
    expect(text).toMatch(/docs\.example\.com is blocked by the agent's blocked_domains \(example\.com\)/);
  });

  it("is not offered when disabled, and web_search not when disabled", async () => {
    const { offered, uses } = await runTurn(`Use the tool web_fetch with url: ${SITE}/guide`, [
      { name: "web_fetch", enabled: false },
      { name: "web_search", enabled: false },
    ]);
    expect(offered).not.toContain("web_fetch");
    expect(offered).not.toContain("web_search");
    expect(uses).toEqual([]);
  });
});

describe("web_fetch", () => {
  it("passes JSON and plain text through, and follows a redirect", async () => {
    expect(await run("web_fetch", { url: `${SITE}/data.json` })).toEqual({
      is_error: false,
      content: `Fetched ${SITE}/data.json\n\n{"status":"green","items":[1,2,3]}`,
    });
    expect(await run("web_fetch", { url: `${SITE}/notes.txt` })).toMatchObject({
      is_error: false,
      content: expect.stringContaining("Plain notes, passed through"),
    });
    expect(await run("web_fetch", { url: `${SITE}/moved` })).toMatchObject({
      is_error: false,
      content: expect.stringMatching(/^Fetched https:\/\/docs\.example\.com\/guide\n/),
    });
  });

  it.each([
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/", /link-local address/],
    ["a private address", "https://10.0.0.5/admin", /private address/],
    ["this machine (loopback is for local development only)", "http://127.0.0.1:8787/", /loopback address/],
    ["a metadata host name", "http://metadata/computeMetadata/v1/", /must use https|local or internal host/],
    ["a redirect to the metadata address", `${SITE}/to-metadata`, /redirect from .* to http:\/\/169\.254\.169\.254.*link-local address/],
    ["a redirect loop", `${SITE}/loop`, /redirects more than 5 times/],
    ["an image", `${SITE}/logo.png`, /is image\/png; web_fetch reads HTML, plain text and JSON only/],
    ["a page larger than the cap", `${SITE}/huge`, /too large to read: the response is larger than 5,242,880 bytes/],
    ["a page slower than the timeout", `${SITE}/slow`, /did not answer within 1\.5 s/],
    ["a missing page", `${SITE}/missing`, /answered HTTP 404/],
    ["a URL that is not one", "not a url", /not a valid absolute URL/],
  ])("refuses %s with an error result", async (_, url, reason) => {
    const outcome = await run("web_fetch", { url });
    expect(outcome.is_error).toBe(true);
    expect(outcome.content).toMatch(reason);
  });

  it("refuses an input without a url, naming the problem", async () => {
    expect(await run("web_fetch", {})).toMatchObject({ is_error: true, content: expect.stringMatching(/^Invalid input for web_fetch: url/) });
  });

  it("honours allowed_domains on every hop: the domain and its subdomains only", async () => {
    const allowed = [{ name: "web_fetch", allowed_domains: ["example.com"] }];
    expect((await run("web_fetch", { url: `${SITE}/notes.txt` }, allowed)).is_error).toBe(false);
    const narrow = [{ name: "web_fetch", allowed_domains: ["docs.example.com"] }];
    expect(await run("web_fetch", { url: `${SITE}/to-blocked` }, narrow)).toMatchObject({
      is_error: true,
      content: expect.stringMatching(/redirect .* to https:\/\/ads\.example\.com\/guide: ads\.example\.com is not in the agent's allowed_domains/),
    });
    expect((await run("web_fetch", { url: "https://notexample.com/notes.txt" }, allowed)).content).toMatch(/not in the agent's allowed_domains/);
  });

  it("cuts the text at about max_content_tokens (4 characters a token), saying so", async () => {
    const outcome = await run("web_fetch", { url: `${SITE}/long.txt` }, [{ name: "web_fetch", max_content_tokens: 25 }]);
    expect(outcome.is_error).toBe(false);
    const [, body, note] = outcome.content.split("\n\n");
    expect(body).toBe(
      Array.from({ length: 4 }, (_, i) => `Line ${i} of a long document.`)
        .join("\n")
        .slice(0, 100),
    );
    expect(note).toMatch(/^\(content cut at about 25 tokens \(the agent's max_content_tokens\); [\d,]+ more characters not shown\)$/);
  });

  it("stops when the step is interrupted", async () => {
    const step = new AbortController();
    const running = run("web_fetch", { url: `${SITE}/slow` }, [], step.signal);
    step.abort();
    expect(await running).toMatchObject({ is_error: true, content: expect.stringMatching(/interrupted/) });
  });
});

describe("web_fetch's url_sources", () => {
  const fetchFrom = (url_sources: Record<string, unknown>, shown: ShownText[]) =>
    webTools.run(
      { id: "sevt_web", name: "web_fetch", input: { url: `${SITE}/guide` } },
      contextOf([{ name: "web_fetch", url_sources }], {}, shown),
      new AbortController().signal,
    );
  const user: ShownText = { source: "user_input", tool: null, text: `Read ${SITE}/guide please` };
  const crm: ShownText = { source: "client_tool_results", tool: "crm_lookup", text: `{"link": "${SITE}/guide"}` };
  const search: ShownText = { source: "server_tool_results", tool: "web_search", text: `1. Article\n   ${SITE}/guide` };

  it("fetches a URL a user message showed, unless user_input is none", async () => {
    expect((await fetchFrom({ user_input: "all" }, [user])).is_error).toBe(false);
    const refused = await fetchFrom({ user_input: "none" }, [user]);
    expect(refused).toMatchObject({ is_error: true, content: expect.stringContaining("was not shown in one") });
  });

  it("fetches a URL a tool result showed as the only and except lists say", async () => {
    const only = (name: string) => ({ type: "only", tools: [{ type: "tool_reference", name }] });
    const except = (name: string) => ({ type: "except", tools: [{ type: "tool_reference", name }] });
    expect((await fetchFrom({ client_tool_results: only("crm_lookup") }, [crm])).is_error).toBe(false);
    expect((await fetchFrom({ client_tool_results: except("crm_lookup") }, [crm])).is_error).toBe(true);
    expect((await fetchFrom({ server_tool_results: only("web_search") }, [search])).is_error).toBe(false);
    expect((await fetchFrom({ server_tool_results: only("web_fetch") }, [search])).is_error).toBe(true);
    // A URL the conversation never showed is refused whatever the sources allow, once url_sources is set.
    expect((await fetchFrom({}, [])).is_error).toBe(true);
  });

  it("limits a session to URLs its user gave", async () => {
    const { result, text } = await runTurn(`Use the tool web_fetch with url: ${SITE}/guide`, [{ name: "web_fetch", url_sources: { user_input: "all" } }]);
    expect(result?.is_error).toBe(false);
    expect(text).toContain("Fetched");
  });
});

describe("web_search", () => {
  it("returns the provider's results in a session, as titles, URLs and snippets", async () => {
    const { uses, result, text } = await runTurn('Use the tool web_search with query: "lucid agents"');
    expect(uses[0]).toMatchObject({ name: "web_search", input: { query: "lucid agents" } });
    expect(result!.is_error).toBe(false);
    expect(text).toBe(
      [
        'Results for "lucid agents":',
        "",
        "1. About lucid agents\n   https://docs.example.com/guide\n   The Lucid field guide.",
        "",
        "2. Ads\n   https://ads.example.com/offer\n   Buy now.",
      ].join("\n"),
    );
  });

  it("holds results to the agent's domain lists, and reports a provider's malformed answer as an error result", async () => {
    const blocked = await run("web_search", { query: "lucid" }, [{ name: "web_search", blocked_domains: ["ads.example.com"] }]);
    expect(blocked.content).toContain("https://docs.example.com/guide");
    expect(blocked.content).not.toContain("ads.example.com");
    const allowed = await run("web_search", { query: "lucid" }, [{ name: "web_search", allowed_domains: ["example.com/offer"] }]);
    expect(allowed.content).toContain("https://ads.example.com/offer");
    expect(allowed.content).not.toContain("docs.example.com");
    expect(await run("web_search", { query: "broken" })).toMatchObject({ is_error: true, content: expect.stringMatching(/something other than \{results/) });
  });

  it("sends the key as a bearer token: a wrong key is an error result that does not show it", async () => {
    const context = contextOf([], { LUCID_WEB_SEARCH_KEY: "wrong-key" });
    const outcome = await webTools.run({ id: "sevt_search", name: "web_search", input: { query: "lucid" } }, context, new AbortController().signal);
    expect(outcome).toEqual({ is_error: true, content: "The search provider answered HTTP 401; try again later." });
  });

  it("is not offered without a provider, though the default toolset enables it", () => {
    const names = (context: ToolContext) => webTools.definitions(context).map((tool) => tool.name);
    expect(names(contextOf())).toEqual(["web_fetch", "web_search"]);
    expect(names(contextOf([], { LUCID_WEB_SEARCH_URL: undefined }))).toEqual(["web_fetch"]);
    expect(webTools.owns("web_search", contextOf([], { LUCID_WEB_SEARCH_URL: undefined }))).toBe(false);
  });

  // The tests' Worker has a provider configured for every test (vitest.config.ts), so the refusal is tested on the
  // check the agents route runs, with the provider taken away.
  it("cannot be enabled by name without a provider; enabled only by default, it is accepted", () => {
    const unconfigured = { ...env, LUCID_WEB_SEARCH_URL: undefined } as Env;
    const tools = (configs: ToolConfigs) => [AgentToolsetParam.parse(toolset(configs))];
    let refusal: unknown;
    try {
      refuseWebSearchWithoutProvider(unconfigured, tools([{ name: "web_search" }]));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({
      type: "invalid_request_error",
      status: 400,
      detail: expect.stringMatching(/no web search provider.*LUCID_WEB_SEARCH_URL/),
    });
    expect(() => refuseWebSearchWithoutProvider(unconfigured, tools([]))).not.toThrow();
    expect(() => refuseWebSearchWithoutProvider(unconfigured, tools([{ name: "web_search", enabled: false }]))).not.toThrow();
    expect(() => refuseWebSearchWithoutProvider(env, tools([{ name: "web_search" }]))).not.toThrow();
  });
});

describe("the web tools' settings on an agent", () => {
  it("are stored as the API returns them, url_sources in its object form", async () => {
    const agent = await agentWith([
      toolset([
        { name: "web_fetch", allowed_domains: ["Docs.Example.com"], max_content_tokens: 2_000, url_sources: { user_input: "all" } },
        { name: "web_search", blocked_domains: ["ads.example.com/offers"], user_location: { type: "approximate", city: "Lisbon", country: "PT" } },
      ]),
    ]);
    expect(agent.tools[0]).toMatchObject({
      configs: [
        {
          name: "web_fetch",
          type: "web_fetch",
          enabled: true,
          permission_policy: { type: "always_allow" },
          allowed_domains: ["docs.example.com"],
          max_content_tokens: 2_000,
          url_sources: { client_tool_results: null, server_tool_results: null, user_input: { type: "all" } },
        },
        {
          name: "web_search",
          type: "web_search",
          enabled: true,
          blocked_domains: ["ads.example.com/offers"],
          user_location: { type: "approximate", city: "Lisbon", country: "PT" },
        },
      ],
    });
    expect((await client.beta.agents.retrieve(agent.id)).tools).toEqual(agent.tools);
  });

  it.each([
    ["both domain lists", [{ name: "web_fetch", allowed_domains: ["a.com"], blocked_domains: ["b.com"] }], /allowed_domains or blocked_domains, not both/],
    ["an empty list", [{ name: "web_search", allowed_domains: [] }], /must not be empty/],
    ["a URL for a domain", [{ name: "web_fetch", blocked_domains: ["https://a.com"] }], /plain host name/],
    ["a path on web_fetch", [{ name: "web_fetch", allowed_domains: ["a.com/docs"] }], /host names only/],
    ["a setting of another tool", [{ name: "read", allowed_domains: ["a.com"] }], /applies only to web_fetch and web_search, not to read/],
    ["max_content_tokens on web_search", [{ name: "web_search", max_content_tokens: 10 }], /applies only to web_fetch/],
    [
      "url_sources with every source none",
      [{ name: "web_fetch", url_sources: { user_input: "none", client_tool_results: "none", server_tool_results: "none" } }],
      /url_sources: may not set every source to none/,
    ],
    [
      "a server source that is not a web tool",
      [{ name: "web_fetch", url_sources: { server_tool_results: { type: "only", tools: [{ type: "tool_reference", name: "read" }] } } }],
      /names 'read': only web_search and web_fetch/,
    ],
    [
      "a client source that is not a custom tool of the agent",
      [{ name: "web_fetch", url_sources: { client_tool_results: { type: "except", tools: [{ type: "tool_reference", name: "crm_lookup" }] } } }],
      /names 'crm_lookup', which is not a custom tool of this agent/,
    ],
  ])("refuse %s", async (_, configs, message) => {
    await expect(agentWith([toolset(configs)])).rejects.toMatchObject({
      status: 400,
      error: { error: { type: "invalid_request_error", message: expect.stringMatching(message) } },
    });
  });

  it("refuse a custom tool named like an enabled web tool", async () => {
    const custom = { type: "custom", name: "web_fetch", description: "mine", input_schema: { type: "object" } };
    await expect(agentWith([toolset(), custom])).rejects.toMatchObject({ status: 400 });
    const agent = await agentWith([toolset([{ name: "web_fetch", enabled: false }]), custom]);
    expect(agent.tools).toHaveLength(2);
  });
});

// mcp_oauth credentials whose access token is due are refreshed before use, against the token endpoint of the tests
// (test/vaults/token-endpoint-worker.ts, reached through MCP_EGRESS): the RFC 6749 §6 form with each client
// authentication method, rotated refresh tokens, one exchange for concurrent callers, a failure announced by webhook
// and reported by the session, unsafe endpoints refused, and mcp_oauth_validate's verdicts. No secret ever leaves.
import type Anthropic from "@anthropic-ai/sdk";
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { vaultOf } from "../../src/platform/stubs";
import { allEvents, api, createAgent, lucidClient, waitForStatus } from "../fixtures/lucid";
import { createEndpoint, newInbox, newTenantKey, receivedAtLeast } from "../fixtures/webhooks";
import type { ScriptedAnswer, TokenRequest } from "./token-endpoint-worker";

const TENANT = "tnt_default";
const SERVER_URL = "https://mcp.example.com/mcp";
const ISSUED_TOKEN = "mcp-test-token";
const client = lucidClient();

type TokenEndpointAuth = { type: "none" } | { type: "client_secret_basic"; client_secret: string } | { type: "client_secret_post"; client_secret: string };

/** A scenario of the token endpoint of its own, and secrets unique to the test. */
function scenario(label: string) {
  const tag = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  return {
    tokenEndpoint: `https://auth.example.com/${tag}/token`,
    staleToken: `stale-${tag}-access`,
    refreshToken: `refresh-${tag}-token`,
    clientSecret: `client-${tag}-secret`,
    script: (answers: ScriptedAnswer[]) =>
      env.TOKEN_ENDPOINT.fetch(`http://token.control/script/${tag}`, { method: "POST", body: JSON.stringify({ answers }) }),
    requests: async () => (await (await env.TOKEN_ENDPOINT.fetch(`http://token.control/requests/${tag}`)).json()) as TokenRequest[],
  };
}
type Scenario = ReturnType<typeof scenario>;

/** Within the refresh margin (60 s): the API takes only future expiries, and this one is due already. */
const dueSoon = () => new Date(Date.now() + 30_000).toISOString();

/** A vault with an mcp_oauth credential whose stale token is due, and a refresh configuration for the scenario. */
async function vaultWithDueToken(s: Scenario, auth: TokenEndpointAuth = { type: "none" }, via: Anthropic = client) {
  const vault = await via.beta.vaults.create({ display_name: "OAuth" });
  const credential = await via.beta.vaults.credentials.create(vault.id, {
    auth: {
      type: "mcp_oauth",
      mcp_server_url: SERVER_URL,
      access_token: s.staleToken,
      expires_at: dueSoon(),
      refresh: {
        client_id: "lucid client/1",
        refresh_token: s.refreshToken,
        token_endpoint: s.tokenEndpoint,
        token_endpoint_auth: auth,
        scope: "cases:read cases:write",
        resource: SERVER_URL,
      },
    },
  });
  return { vaultId: vault.id, credentialId: credential.id };
}

const forServer = (vaultId: string) => vaultOf(env, vaultId).credentialForServer(TENANT, vaultId, SERVER_URL);

function storedText(vaultId: string): Promise<string> {
  return runInDurableObject(env.VAULT.getByName(vaultId), (_instance, state) => JSON.stringify(state.storage.sql.exec("SELECT * FROM credentials").toArray()));
}

describe("refreshing an mcp_oauth credential before use", () => {
  it("exchanges the refresh token (client authentication none) and stores the new token and expiry, sealed", async () => {
    const s = scenario("none");
    const { vaultId, credentialId } = await vaultWithDueToken(s);
    const answer = await forServer(vaultId);
    expect(answer).toMatchObject({ credential_id: credentialId, type: "mcp_oauth", authorization: `Bearer ${ISSUED_TOKEN}` });
    const { expires_at } = answer as { expires_at: string };
    expect(Date.parse(expires_at)).toBeGreaterThan(Date.now() + 3_500_000);
    const [request, ...more] = await s.requests();
    expect(more).toEqual([]);
    expect(request).toEqual({
      authorization: null,
      content_type: "application/x-www-form-urlencoded",
      form: { grant_type: "refresh_token", refresh_token: s.refreshToken, client_id: "lucid client/1", scope: "cases:read cases:write", resource: SERVER_URL },
    });
    // Fresh now: the next use sends no request, and the new token is stored sealed, the old one gone.
    expect((await forServer(vaultId))?.authorization).toBe(`Bearer ${ISSUED_TOKEN}`);
    expect(await s.requests()).toHaveLength(1);
    const stored = await storedText(vaultId);
    expect(stored).not.toContain(ISSUED_TOKEN);
    expect(stored).not.toContain(s.refreshToken);
    const shown = await client.beta.vaults.credentials.retrieve(credentialId, { vault_id: vaultId });
    expect(shown.auth).toMatchObject({ type: "mcp_oauth", expires_at });
  });

  it("authenticates the client with HTTP Basic, id and secret form-encoded (client_secret_basic)", async () => {
    const s = scenario("basic");
    const secret = `${s.clientSecret}:+/ é`;
    const { vaultId } = await vaultWithDueToken(s, { type: "client_secret_basic", client_secret: secret });
    expect((await forServer(vaultId))?.authorization).toBe(`Bearer ${ISSUED_TOKEN}`);
    const [request] = await s.requests();
    const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
    expect(request!.authorization).toBe(`Basic ${btoa(`${encode("lucid client/1")}:${encode(secret)}`)}`);
    expect(atob(request!.authorization!.slice(6))).toBe(`lucid+client%2F1:${encode(secret)}`);
    expect(request!.form).not.toHaveProperty("client_id");
    expect(request!.form).not.toHaveProperty("client_secret");
  });

  it("sends the client id and secret in the form (client_secret_post)", async () => {
    const s = scenario("post");
    const { vaultId } = await vaultWithDueToken(s, { type: "client_secret_post", client_secret: s.clientSecret });
    expect((await forServer(vaultId))?.authorization).toBe(`Bearer ${ISSUED_TOKEN}`);
    const [request] = await s.requests();
    expect(request!.authorization).toBeNull();
    expect(request!.form).toMatchObject({ grant_type: "refresh_token", client_id: "lucid client/1", client_secret: s.clientSecret });
  });

  it("keeps a rotated refresh token and uses it for the next refresh", async () => {
    const s = scenario("rotate");
    const rotated = `${s.refreshToken}-rotated`;
    // A short-lived token (within the margin) makes the next use refresh again.
    await s.script([{ body: { access_token: ISSUED_TOKEN, token_type: "bearer", expires_in: 30, refresh_token: rotated } }]);
    const { vaultId } = await vaultWithDueToken(s);
    await forServer(vaultId);
    await forServer(vaultId);
    expect((await s.requests()).map((request) => request.form.refresh_token)).toEqual([s.refreshToken, rotated]);
    expect(await storedText(vaultId)).not.toContain(rotated);
  });

  it("makes one exchange for callers that ask at the same time", async () => {
    const s = scenario("concurrent");
    await s.script([{ delay_ms: 300 }]);
    const { vaultId } = await vaultWithDueToken(s);
    const answers = await Promise.all(Array.from({ length: 6 }, () => forServer(vaultId)));
    for (const answer of answers) expect(answer?.authorization).toBe(`Bearer ${ISSUED_TOKEN}`);
    expect(await s.requests()).toHaveLength(1);
  });

  it.each<[string, ScriptedAnswer, RegExp]>([
    ["invalid_grant", { status: 400, body: { error: "invalid_grant", error_description: "revoked" } }, /HTTP 400 \(invalid_grant\)/],
    ["a server error", { status: 503, text: "down for maintenance" }, /HTTP 503/],
    ["a malformed answer", { body: { token: "not the field" } }, /not a token response/],
    ["no answer in time", { delay_ms: 11_000 }, /did not answer within 10 s/],
  ])(
    "answers why instead of a token when the refresh fails (%s)",
    async (_, failure, reason) => {
      const s = scenario("fails");
      await s.script([failure]);
      const { vaultId, credentialId } = await vaultWithDueToken(s);
      const answer = await forServer(vaultId);
      expect(answer).toEqual({ credential_id: credentialId, type: "mcp_oauth", authorization: null, error: expect.stringMatching(reason) });
      expect(JSON.stringify(answer)).not.toContain(s.refreshToken);
    },
    20_000,
  );

  it("refuses a token endpoint the outbound rules forbid, when the credential is created", async () => {
    const s = scenario("unsafe");
    const vault = await client.beta.vaults.create({ display_name: "unsafe" });
    for (const tokenEndpoint of [
      "http://169.254.169.254/latest/token",
      "https://10.0.0.7/token",
      "https://auth.internal/token",
      "http://auth.example.com/token",
    ]) {
      const response = await api(`/v1/vaults/${vault.id}/credentials`, {
        method: "POST",
        json: {
          auth: {
            type: "mcp_oauth",
            mcp_server_url: SERVER_URL,
            access_token: s.staleToken,
            refresh: { client_id: "c", refresh_token: s.refreshToken, token_endpoint: tokenEndpoint, token_endpoint_auth: { type: "none" } },
          },
        },
      });
      expect(response.status, tokenEndpoint).toBe(400);
      const body = (await response.json()) as { error: { type: string; message: string } };
      expect(body.error).toMatchObject({ type: "invalid_request_error", message: expect.stringContaining("auth.refresh.token_endpoint") });
      expect(JSON.stringify(body)).not.toContain(s.refreshToken);
    }
  });

  it("refuses, at the time of use, a token endpoint that no longer passes the outbound rules, sending nothing", async () => {
    const s = scenario("unsafe-later");
    const { vaultId, credentialId } = await vaultWithDueToken(s);
    // As if the rules had tightened since the credential was saved.
    await runInDurableObject(env.VAULT.getByName(vaultId), (_instance, state) => {
      const { auth } = state.storage.sql.exec<{ auth: string }>("SELECT auth FROM credentials WHERE id = ?", credentialId).one();
      const changed = JSON.parse(auth) as { refresh: { token_endpoint: string } };
      changed.refresh.token_endpoint = "https://169.254.169.254/token";
      state.storage.sql.exec("UPDATE credentials SET auth = ? WHERE id = ?", JSON.stringify(changed), credentialId);
    });
    expect(await forServer(vaultId)).toMatchObject({ authorization: null, error: expect.stringContaining("must not point at a link-local address") });
    expect(await s.requests()).toEqual([]);
  });
});

type SessionEvent = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent;

/** An agent with the MCP test server, and a session of it with the vault, after one turn that calls its tool. */
async function turnWithVault(via: Anthropic, vaultId: string) {
  const agent = await createAgent(via, {
    mcp_servers: [{ type: "url", name: "cases", url: SERVER_URL }],
    tools: [{ type: "mcp_toolset", mcp_server_name: "cases", default_config: { permission_policy: { type: "always_allow" } } }],
  } as Parameters<typeof createAgent>[1]);
  const environment = await via.beta.environments.create({ name: "oauth" });
  const session = await via.beta.sessions.create({
    agent: agent.id,
    environment_id: environment.id,
    vault_ids: [vaultId],
    resources: [],
    initial_events: [{ type: "user.message", content: [{ type: "text", text: "Use the tool lookup_case with case_id: C-7" }] }],
  } as Anthropic.Beta.SessionCreateParams);
  await waitForStatus(via, session.id, ["idle"]);
  return allEvents(via, session.id);
}

const ofType = <T extends SessionEvent["type"]>(events: SessionEvent[], type: T) =>
  events.filter((event): event is Extract<SessionEvent, { type: T }> => event.type === type);

describe("a session whose MCP credential is due", () => {
  it("has the token refreshed before the server is listed and called", async () => {
    const s = scenario("session");
    const { vaultId } = await vaultWithDueToken(s);
    const events = await turnWithVault(client, vaultId);
    expect(ofType(events, "session.error")).toEqual([]);
    expect(ofType(events, "agent.mcp_tool_result")[0]).toMatchObject({ is_error: false, content: [{ text: "Case C-7: open, assigned to the legal team." }] });
    expect(await s.requests()).toHaveLength(1);
    const text = JSON.stringify(events);
    for (const secret of [s.staleToken, s.refreshToken, ISSUED_TOKEN]) expect(text).not.toContain(secret);
  });

  it("reports a failed refresh as mcp_authentication_failed_error, and announces vault_credential.refresh_failed", async () => {
    const s = scenario("session-fails");
    await s.script([{ status: 400, body: { error: "invalid_grant", error_description: `refresh token ${s.refreshToken} was revoked` } }]);
    const key = await newTenantKey();
    const tenant = lucidClient(key);
    const inbox = newInbox("refresh-failed");
    await createEndpoint(inbox, ["vault_credential.refresh_failed"], key);
    const { vaultId, credentialId } = await vaultWithDueToken(s, { type: "client_secret_post", client_secret: s.clientSecret }, tenant);

    const events = await turnWithVault(tenant, vaultId);
    const [error] = ofType(events, "session.error");
    expect(error!.error).toMatchObject({ type: "mcp_authentication_failed_error", mcp_server_name: "cases", retry_status: { type: "retrying" } });
    expect(error!.error.message).toContain(`MCP server 'cases' was not called with credential '${credentialId}'`);
    expect(error!.error.message).toContain("refresh failed: its token endpoint answered HTTP 400 (invalid_grant)");
    expect(ofType(events, "agent.mcp_tool_use")).toEqual([]);

    const [delivery] = await receivedAtLeast(inbox, 1);
    const event = JSON.parse(delivery!.body) as { type: string; data: Record<string, unknown> };
    expect(event.data).toMatchObject({ type: "vault_credential.refresh_failed", id: credentialId, vault_id: vaultId });
    for (const secret of [s.staleToken, s.refreshToken, s.clientSecret]) {
      expect(JSON.stringify(events)).not.toContain(secret);
      expect(delivery!.body).not.toContain(secret);
    }
  });
});

describe("mcp_oauth_validate", () => {
  it("refreshes a due token and finds the credential valid", async () => {
    const s = scenario("validate");
    const { vaultId, credentialId } = await vaultWithDueToken(s, { type: "client_secret_basic", client_secret: s.clientSecret });
    const validation = await client.beta.vaults.credentials.mcpOAuthValidate(credentialId, { vault_id: vaultId });
    expect(validation).toEqual({
      type: "vault_credential_validation",
      credential_id: credentialId,
      vault_id: vaultId,
      has_refresh_token: true,
      status: "valid",
      mcp_probe: null,
      refresh: { status: "succeeded", http_response: null },
      validated_at: expect.any(String),
    });
    expect(await s.requests()).toHaveLength(1);
    // Fresh now: validating again probes with the stored token and refreshes nothing.
    expect(await client.beta.vaults.credentials.mcpOAuthValidate(credentialId, { vault_id: vaultId })).toMatchObject({ status: "valid", refresh: null });
  });

  it("finds a refused token with no refresh token invalid, showing the server's answer without the token", async () => {
    const token = `wrong-${crypto.randomUUID()}`;
    const vault = await client.beta.vaults.create({ display_name: "bad" });
    const credential = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "mcp_oauth", mcp_server_url: SERVER_URL, access_token: token } });
    const response = await api(`/v1/vaults/${vault.id}/credentials/${credential.id}/mcp_oauth_validate`, { method: "POST" });
    const text = await response.text();
    expect(text).not.toContain(token);
    const validation = JSON.parse(text) as Anthropic.Beta.Vaults.Credentials.BetaManagedAgentsCredentialValidation;
    expect(validation).toMatchObject({
      status: "invalid",
      has_refresh_token: false,
      refresh: { status: "no_refresh_token", http_response: null },
      mcp_probe: { method: "initialize", http_response: { status_code: 401, body_truncated: false } },
    });
    // The test server echoes the Authorization header it received: scrubbed.
    expect(validation.mcp_probe!.http_response!.body).toContain("Bearer [redacted]");
  });

  it("tries the refresh token on a refusal, and shows the token endpoint's answer when it fails too", async () => {
    const s = scenario("validate-fails");
    await s.script([{ status: 400, body: { error: "invalid_grant", error_description: `${s.refreshToken} is revoked` } }]);
    const vault = await client.beta.vaults.create({ display_name: "bad refresh" });
    const credential = await client.beta.vaults.credentials.create(vault.id, {
      auth: {
        type: "mcp_oauth",
        mcp_server_url: SERVER_URL,
        access_token: s.staleToken,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        refresh: { client_id: "c", refresh_token: s.refreshToken, token_endpoint: s.tokenEndpoint, token_endpoint_auth: { type: "none" } },
      },
    });
    const validation = await client.beta.vaults.credentials.mcpOAuthValidate(credential.id, { vault_id: vault.id });
    expect(validation).toMatchObject({
      status: "invalid",
      has_refresh_token: true,
      mcp_probe: { method: "initialize", http_response: { status_code: 401 } },
      refresh: { status: "failed", http_response: { status_code: 400, content_type: "application/json" } },
    });
    expect(validation.refresh!.http_response!.body).toContain("invalid_grant");
    expect(JSON.stringify(validation)).not.toContain(s.refreshToken);
    expect(JSON.stringify(validation)).not.toContain(s.staleToken);
  });

  it("is refused for a static_bearer credential", async () => {
    const vault = await client.beta.vaults.create({ display_name: "bearer" });
    const credential = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER_URL, token: "t" } });
    const response = await api(`/v1/vaults/${vault.id}/credentials/${credential.id}/mcp_oauth_validate`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("only mcp_oauth credentials are validated");
  });
});

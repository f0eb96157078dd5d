// A vault's credentials through the official SDK: the whole walk for both auth types, secrets that no response and no
// stored row shows in clear, sealed values bound to their record, validation, archived vaults and credentials, paging,
// and the lookup sessions use (credentialForServer) through the object's RPC stub.
import Anthropic from "@anthropic-ai/sdk";
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { vaultOf } from "../../src/platform/stubs";
import { openCredentialSecret, sealCredentialSecrets } from "../../src/vaults/credential-secrets";
import { ADMIN_KEY, api, lucidClient, lucidFetch } from "../fixtures/lucid";

const TENANT = "tnt_default";
const SERVER = "https://mcp.example.com/sse";
const client = lucidClient();

/** The SDK as a user configures it, keeping the body of every response it receives. */
function recordingClient(): { client: Anthropic; bodies: string[] } {
  const bodies: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await lucidFetch(input, init);
    bodies.push(await response.clone().text());
    return response;
  };
  return { client: new Anthropic({ apiKey: ADMIN_KEY, baseURL: "http://lucid.test", maxRetries: 0, fetch }), bodies };
}

/** Secrets unique to one test, so a search for them finds nothing by accident. */
function secrets() {
  const tag = crypto.randomUUID().slice(0, 8);
  return {
    token: `bearer-${tag}-token`,
    newToken: `bearer-${tag}-rotated`,
    accessToken: `access-${tag}-token`,
    newAccessToken: `access-${tag}-rotated`,
    refreshToken: `refresh-${tag}-token`,
    clientSecret: `client-${tag}-secret`,
    newClientSecret: `client-${tag}-rotated`,
  };
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** Every value of every row of the vault object's SQLite, as one text. */
function storedText(vaultId: string): Promise<string> {
  return runInDurableObject(env.VAULT.getByName(vaultId), (_instance, state) => {
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'");
    return [...tables].map(({ name }) => JSON.stringify(state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray())).join("\n");
  });
}

describe("vault credentials", () => {
  it("walks a static_bearer and an mcp_oauth credential through every method, never answering a secret", async () => {
    const { client: recording, bodies } = recordingClient();
    const s = secrets();
    const vault = await recording.beta.vaults.create({ display_name: "walk" });

    const bearer = await recording.beta.vaults.credentials.create(vault.id, {
      display_name: "GitHub",
      metadata: { team: "infra" },
      auth: { type: "static_bearer", mcp_server_url: SERVER, token: s.token },
    });
    expect(bearer).toMatchObject({
      type: "vault_credential",
      vault_id: vault.id,
      display_name: "GitHub",
      metadata: { team: "infra" },
      auth: { type: "static_bearer", mcp_server_url: SERVER },
      archived_at: null,
    });
    expect(bearer.id).toMatch(/^vcrd_[0-9a-z]{24}$/);
    expect(Object.keys(bearer.auth).sort()).toEqual(["mcp_server_url", "type"]);

    const expiresAt = inAnHour();
    const oauth = await recording.beta.vaults.credentials.create(vault.id, {
      auth: {
        type: "mcp_oauth",
        mcp_server_url: "https://linear.example.com/mcp",
        access_token: s.accessToken,
        expires_at: expiresAt,
        refresh: {
          client_id: "lucid-client",
          refresh_token: s.refreshToken,
          token_endpoint: "https://auth.example.com/token",
          token_endpoint_auth: { type: "client_secret_basic", client_secret: s.clientSecret },
          scope: "read write",
        },
      },
    });
    expect(oauth.display_name).toBeNull();
    expect(oauth.auth).toEqual({
      type: "mcp_oauth",
      mcp_server_url: "https://linear.example.com/mcp",
      expires_at: expiresAt,
      refresh: {
        client_id: "lucid-client",
        token_endpoint: "https://auth.example.com/token",
        token_endpoint_auth: { type: "client_secret_basic" },
        resource: null,
        scope: "read write",
      },
    });

    expect(await recording.beta.vaults.credentials.retrieve(bearer.id, { vault_id: vault.id })).toEqual(bearer);
    const renamed = await recording.beta.vaults.credentials.update(bearer.id, {
      vault_id: vault.id,
      display_name: "GitHub (rotated)",
      metadata: { team: null, owner: "ana" },
      auth: { type: "static_bearer", token: s.newToken },
    });
    expect(renamed).toMatchObject({ display_name: "GitHub (rotated)", metadata: { owner: "ana" }, auth: { type: "static_bearer", mcp_server_url: SERVER } });

    const rotated = await recording.beta.vaults.credentials.update(oauth.id, {
      vault_id: vault.id,
      auth: {
        type: "mcp_oauth",
        access_token: s.newAccessToken,
        expires_at: null,
        refresh: { scope: "", token_endpoint_auth: { type: "client_secret_post", client_secret: s.newClientSecret } },
      },
    });
    // The client authentication method stays what it was, whichever of the two types came with the new secret.
    expect(rotated.auth).toMatchObject({ expires_at: null, refresh: { scope: null, token_endpoint_auth: { type: "client_secret_basic" } } });

    const listed = await recording.beta.vaults.credentials.list(vault.id);
    expect(listed.data.map((credential) => credential.id).sort()).toEqual([bearer.id, oauth.id].sort());

    const archived = await recording.beta.vaults.credentials.archive(oauth.id, { vault_id: vault.id });
    expect(archived.archived_at).not.toBeNull();
    expect((await recording.beta.vaults.credentials.list(vault.id)).data.map((credential) => credential.id)).toEqual([bearer.id]);
    expect((await recording.beta.vaults.credentials.list(vault.id, { include_archived: true })).data).toHaveLength(2);
    await expect(recording.beta.vaults.credentials.update(oauth.id, { vault_id: vault.id, display_name: "x" })).rejects.toBeInstanceOf(
      Anthropic.BadRequestError,
    );

    await expect(recording.beta.vaults.credentials.delete(oauth.id, { vault_id: vault.id })).resolves.toEqual({
      id: oauth.id,
      type: "vault_credential_deleted",
    });
    await expect(recording.beta.vaults.credentials.retrieve(oauth.id, { vault_id: vault.id })).rejects.toBeInstanceOf(Anthropic.NotFoundError);

    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) for (const secret of Object.values(s)) expect(body.includes(secret), `a response shows ${secret}: ${body}`).toBe(false);
  });

  it("stores every secret sealed, never in clear, and only the new one after a rotation is used", async () => {
    const s = secrets();
    const vault = await client.beta.vaults.create({ display_name: "at rest" });
    const bearer = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: s.token } });
    await client.beta.vaults.credentials.create(vault.id, {
      auth: {
        type: "mcp_oauth",
        mcp_server_url: "https://other.example.com/mcp",
        access_token: s.accessToken,
        refresh: {
          client_id: "c",
          refresh_token: s.refreshToken,
          token_endpoint: "https://auth.example.com/token",
          token_endpoint_auth: { type: "client_secret_post", client_secret: s.clientSecret },
        },
      },
    });
    await client.beta.vaults.credentials.update(bearer.id, { vault_id: vault.id, auth: { type: "static_bearer", token: s.newToken } });

    const stored = await storedText(vault.id);
    expect(stored).toContain(bearer.id);
    expect(stored).toMatch(/v1:[0-9a-f]{8}:/);
    for (const secret of Object.values(s)) expect(stored.includes(secret), `stored in clear: ${secret}`).toBe(false);
    const forServer = await vaultOf(env, vault.id).credentialForServer(TENANT, vault.id, SERVER);
    expect(forServer?.authorization).toBe(`Bearer ${s.newToken}`);
  });

  it("seals each secret for its own credential and field: a copy elsewhere does not open", async () => {
    const owner = { tenantId: TENANT, vaultId: "vlt_a", credentialId: "vcrd_a" };
    const { token } = await sealCredentialSecrets(env, owner, { token: "the secret" });
    expect(await openCredentialSecret(env, owner, "token", token!)).toBe("the secret");
    for (const other of [
      { ...owner, credentialId: "vcrd_b" },
      { ...owner, vaultId: "vlt_b" },
      { ...owner, tenantId: "tnt_other" },
    ]) {
      await expect(openCredentialSecret(env, other, "token", token!)).rejects.toThrow(/sealed for another record/);
    }
    await expect(openCredentialSecret(env, owner, "access_token", token!)).rejects.toThrow(/sealed for another record/);

    // And in place: a sealed token copied onto another credential's row does not open there.
    const vault = await client.beta.vaults.create({ display_name: "moved secrets" });
    const first = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "first" } });
    const second = await client.beta.vaults.credentials.create(vault.id, {
      auth: { type: "static_bearer", mcp_server_url: "https://second.example.com/mcp", token: "second" },
    });
    await runInDurableObject(env.VAULT.getByName(vault.id), (_instance, state) => {
      const sealed = state.storage.sql.exec<{ secrets: string }>("SELECT secrets FROM credentials WHERE id = ?", first.id).one().secrets;
      state.storage.sql.exec("UPDATE credentials SET secrets = ? WHERE id = ?", sealed, second.id);
    });
    await expect(vaultOf(env, vault.id).credentialForServer(TENANT, vault.id, "https://second.example.com/mcp")).rejects.toMatchObject({
      type: "api_error",
    });
  });

  it("answers a session the first active credential for exactly its server, and nothing for archived ones", async () => {
    const vault = await client.beta.vaults.create({ display_name: "for sessions" });
    const stub = vaultOf(env, vault.id);
    expect(await stub.credentialForServer(TENANT, vault.id, SERVER)).toBeNull();

    const expiresAt = inAnHour();
    const first = await client.beta.vaults.credentials.create(vault.id, {
      auth: { type: "mcp_oauth", mcp_server_url: SERVER, access_token: "oauth-access", expires_at: expiresAt },
    });
    const second = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "bearer-token" } });
    expect(await stub.credentialForServer(TENANT, vault.id, SERVER)).toEqual({
      credential_id: first.id,
      type: "mcp_oauth",
      authorization: "Bearer oauth-access",
      expires_at: expiresAt,
    });
    expect(await stub.credentialForServer(TENANT, vault.id, `${SERVER}/`)).toBeNull();
    expect(await stub.credentialForServer(TENANT, vault.id, "https://MCP.example.com/sse")).toBeNull();

    await client.beta.vaults.credentials.archive(first.id, { vault_id: vault.id });
    expect(await stub.credentialForServer(TENANT, vault.id, SERVER)).toEqual({
      credential_id: second.id,
      type: "static_bearer",
      authorization: "Bearer bearer-token",
      expires_at: null,
    });

    await expect(stub.credentialForServer("tnt_someone_else", vault.id, SERVER)).rejects.toMatchObject({ type: "not_found_error" });
    await client.beta.vaults.archive(vault.id);
    expect(await stub.credentialForServer(TENANT, vault.id, SERVER)).toBeNull();
  });

  it("refuses credentials in an archived vault, and keeps the ones it has readable and deletable", async () => {
    const vault = await client.beta.vaults.create({ display_name: "to archive" });
    const kept = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "kept" } });
    await client.beta.vaults.archive(vault.id);

    const refused = await client.beta.vaults.credentials
      .create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "new" } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as InstanceType<typeof Anthropic.BadRequestError>).message).toContain("is archived");
    await expect(
      client.beta.vaults.credentials.update(kept.id, { vault_id: vault.id, auth: { type: "static_bearer", token: "changed" } }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    expect(await client.beta.vaults.credentials.retrieve(kept.id, { vault_id: vault.id })).toEqual(kept);
    await expect(client.beta.vaults.credentials.delete(kept.id, { vault_id: vault.id })).resolves.toMatchObject({ type: "vault_credential_deleted" });
  });

  it("deletes a vault with its credentials and their sealed secrets", async () => {
    const vault = await client.beta.vaults.create({ display_name: "to delete" });
    const credential = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "gone" } });
    await client.beta.vaults.delete(vault.id);
    await expect(client.beta.vaults.credentials.retrieve(credential.id, { vault_id: vault.id })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(client.beta.vaults.credentials.list(vault.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect(await storedText(vault.id)).not.toContain(credential.id);
  });

  it("pages a vault's credentials newest first", async () => {
    const vault = await client.beta.vaults.create({ display_name: "pages" });
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        (await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: `${SERVER}/${i}`, token: "t" } })).id,
      );
    }
    const first = await client.beta.vaults.credentials.list(vault.id, { limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.next_page).toBeTruthy();
    const seen: string[] = [];
    for await (const credential of client.beta.vaults.credentials.list(vault.id, { limit: 2 })) seen.push(credential.id);
    expect(seen).toEqual([...created].reverse());
  });

  it("keeps another tenant's credentials out of reach", async () => {
    const vault = await client.beta.vaults.create({ display_name: "admin's" });
    const credential = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "mine" } });
    const created = (await (await api("/v1/api_keys", { method: "POST", json: { name: "credential stranger" } })).json()) as { key: string };
    const stranger = lucidClient(created.key);
    const params = { vault_id: vault.id };
    await expect(stranger.beta.vaults.credentials.retrieve(credential.id, params)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.vaults.credentials.list(vault.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(
      stranger.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "planted" } }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.vaults.credentials.archive(credential.id, params)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.vaults.credentials.delete(credential.id, params)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect(await client.beta.vaults.credentials.retrieve(credential.id, params)).toEqual(credential);
  });

  it("refuses invalid credentials with an Anthropic-shaped invalid_request_error naming the problem", async () => {
    const vault = await client.beta.vaults.create({ display_name: "validation" });
    const bearer = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "t" } });
    const none = await client.beta.vaults.credentials.create(vault.id, {
      auth: {
        type: "mcp_oauth",
        mcp_server_url: SERVER,
        access_token: "a",
        refresh: { client_id: "c", refresh_token: "r", token_endpoint: "https://auth.example.com/token", token_endpoint_auth: { type: "none" } },
      },
    });
    const noRefresh = await client.beta.vaults.credentials.create(vault.id, { auth: { type: "mcp_oauth", mcp_server_url: SERVER, access_token: "a" } });
    const past = new Date(Date.now() - 60_000).toISOString();
    const create = `/v1/vaults/${vault.id}/credentials`;
    const cases: [string, string, unknown, string][] = [
      [create, "no auth", {}, "auth"],
      [create, "no token", { auth: { type: "static_bearer", mcp_server_url: SERVER } }, "token"],
      [create, "empty token", { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "" } }, "token"],
      [create, "token with a line break", { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "a\r\nX-Injected: 1" } }, "token"],
      [create, "not a URL", { auth: { type: "static_bearer", mcp_server_url: "mcp.example.com", token: "t" } }, "mcp_server_url"],
      [create, "not http", { auth: { type: "static_bearer", mcp_server_url: "ftp://mcp.example.com", token: "t" } }, "mcp_server_url"],
      [create, "unknown type", { auth: { type: "api_key", mcp_server_url: SERVER, token: "t" } }, "auth"],
      [create, "expired", { auth: { type: "mcp_oauth", mcp_server_url: SERVER, access_token: "a", expires_at: past } }, "in the future"],
      [create, "not a time", { auth: { type: "mcp_oauth", mcp_server_url: SERVER, access_token: "a", expires_at: "tomorrow" } }, "expires_at"],
      [
        create,
        "client secret missing",
        {
          auth: {
            type: "mcp_oauth",
            mcp_server_url: SERVER,
            access_token: "a",
            refresh: {
              client_id: "c",
              refresh_token: "r",
              token_endpoint: "https://auth.example.com/token",
              token_endpoint_auth: { type: "client_secret_basic" },
            },
          },
        },
        "client_secret",
      ],
      [create, "unknown field", { auth: { type: "static_bearer", mcp_server_url: SERVER, token: "t" }, vault: "x" }, "vault"],
      [
        create,
        "environment variable",
        { auth: { type: "environment_variable", secret_name: "API_KEY", secret_value: "v", networking: { type: "unrestricted" } } },
        "does not carry environment variables",
      ],
      [`${create}/${bearer.id}`, "another type", { auth: { type: "mcp_oauth", access_token: "a" } }, "its type cannot change"],
      [`${create}/${bearer.id}`, "server URL is immutable", { auth: { type: "static_bearer", mcp_server_url: "https://x.example.com" } }, "mcp_server_url"],
      [`${create}/${bearer.id}`, "empty display name", { display_name: "" }, "display_name"],
      [
        `${create}/${none.id}`,
        "client secret for none",
        { auth: { type: "mcp_oauth", refresh: { token_endpoint_auth: { type: "client_secret_post", client_secret: "s" } } } },
        "no client secret",
      ],
      [`${create}/${noRefresh.id}`, "no refresh to update", { auth: { type: "mcp_oauth", refresh: { refresh_token: "r" } } }, "no refresh configuration"],
    ];
    for (const [path, label, body, named] of cases) {
      const response = await api(path, { method: "POST", json: body });
      const error = (await response.json()) as { type: string; error: { type: string; message: string } };
      expect({ label, status: response.status, type: error.error?.type }).toEqual({ label, status: 400, type: "invalid_request_error" });
      expect(error.error.message, label).toContain(named);
    }
    const sdkRefusal = await client.beta.vaults.credentials
      .create(vault.id, {
        auth: {
          type: "environment_variable",
          secret_name: "API_KEY",
          secret_value: "value",
          networking: { type: "limited", allowed_hosts: ["api.example.com"] },
        },
      })
      .catch((error: unknown) => error);
    expect(sdkRefusal).toBeInstanceOf(Anthropic.BadRequestError);
    expect((sdkRefusal as InstanceType<typeof Anthropic.BadRequestError>).message).toContain("self-hosted worker protocol");
    expect(JSON.stringify(await client.beta.vaults.credentials.list(vault.id, { include_archived: true }))).not.toContain("environment_variable");
  });
});

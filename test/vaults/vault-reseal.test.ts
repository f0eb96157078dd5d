// A key rotation reaches vault credentials: their secrets sealed under the previous LUCID_SECRETS_KEY are sealed again
// under the current one (and then open under it alone), and the admin re-seal names a credential no configured key opens.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "../../src/secrets/secret-box";
import { resealVaultSecrets } from "../../src/vaults/credential-reseal";
import { api, lucidClient } from "../fixtures/lucid";

const client = lucidClient();
const TENANT = "tnt_default";
const SERVER_URL = "https://mcp.example.com/reseal";
const newKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

async function credentialIn(vaultId: string, token: string) {
  return client.beta.vaults.credentials.create(vaultId, { auth: { type: "static_bearer", mcp_server_url: SERVER_URL, token } });
}

const storedToken = (vaultId: string, credentialId: string) =>
  runInDurableObject(env.VAULT.getByName(vaultId), (_instance, state) => {
    const row = state.storage.sql.exec<{ secrets: string }>("SELECT secrets FROM credentials WHERE id = ?", credentialId).one();
    return (JSON.parse(row.secrets) as { token: string }).token;
  });

describe("re-sealing vault credentials", () => {
  it("brings a secret sealed under the previous key under the current one, once", async () => {
    const vault = await client.beta.vaults.create({ display_name: "Reseal vault" });
    const credential = await credentialIn(vault.id, "reseal-me-token");
    const before = await storedToken(vault.id, credential.id);
    // The rotation: the key the test Worker sealed with becomes the previous one.
    const rotated = { LUCID_SECRETS_KEY: newKey(), LUCID_SECRETS_KEY_PREVIOUS: env.LUCID_SECRETS_KEY };
    const reseal = () =>
      runInDurableObject(env.VAULT.getByName(vault.id), (_instance, state) => resealVaultSecrets(state.storage.sql, rotated, TENANT, vault.id));
    expect(await reseal()).toEqual({ resealed: 1, unopenable: [] });
    const after = await storedToken(vault.id, credential.id);
    expect(after).not.toBe(before);
    const associated = `vault_credential.token:${TENANT}:${vault.id}:${credential.id}`;
    expect((await openSecret({ LUCID_SECRETS_KEY: rotated.LUCID_SECRETS_KEY }, after, associated)).plaintext).toBe("reseal-me-token");
    expect(await reseal()).toEqual({ resealed: 0, unopenable: [] });
  });

  it("is part of the admin re-seal, which names a credential whose secret no configured key opens", async () => {
    const vault = await client.beta.vaults.create({ display_name: "Lost key vault" });
    const credential = await credentialIn(vault.id, "lost-key-token");
    const lost = await sealSecret({ LUCID_SECRETS_KEY: newKey() }, "lost-key-token", `vault_credential.token:${TENANT}:${vault.id}:${credential.id}`);
    await runInDurableObject(env.VAULT.getByName(vault.id), (_instance, state) => {
      state.storage.sql.exec("UPDATE credentials SET secrets = ? WHERE id = ?", JSON.stringify({ token: lost }), credential.id);
    });
    const report = (await (await api("/v1/secrets/reseal", { method: "POST" })).json()) as { unopenable: Record<string, string>[] };
    expect(report.unopenable).toContainEqual({ tenant_id: TENANT, vault_id: vault.id, vault_credential_id: credential.id });
    expect(await storedToken(vault.id, credential.id)).toBe(lost);
  });
});

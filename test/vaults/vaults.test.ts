// Vaults through the official SDK: the whole walk, paging and archived ones in lists, validation, tenants kept apart,
// and the webhooks their lifecycle emits.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { WebhookEvent } from "../../src/schemas/webhook-event";
import { api, lucidClient, newTenantClient } from "../fixtures/lucid";
import { createEndpoint, newInbox, newTenantKey, receivedAtLeast } from "../fixtures/webhooks";

const client = lucidClient();

describe("vaults", () => {
  it("creates a vault in the Managed Agents shape, retrieves, updates, archives and deletes it", async () => {
    const vault = await client.beta.vaults.create({ display_name: "Team secrets", metadata: { team: "legal", owner: "ana" } });
    expect(vault).toMatchObject({ type: "vault", display_name: "Team secrets", metadata: { team: "legal", owner: "ana" }, archived_at: null });
    expect(vault.id).toMatch(/^vlt_[0-9a-z]{24}$/);
    expect(await client.beta.vaults.retrieve(vault.id)).toEqual(vault);

    const updated = await client.beta.vaults.update(vault.id, { display_name: "Legal secrets", metadata: { team: null, region: "eu" } });
    expect(updated).toMatchObject({ display_name: "Legal secrets", metadata: { owner: "ana", region: "eu" } });
    expect(updated.updated_at >= vault.updated_at).toBe(true);
    expect(await client.beta.vaults.update(vault.id, {})).toEqual(updated);

    const archived = await client.beta.vaults.archive(vault.id);
    expect(archived.archived_at).not.toBeNull();
    expect((await client.beta.vaults.archive(vault.id)).archived_at).toBe(archived.archived_at);
    await expect(client.beta.vaults.update(vault.id, { display_name: "renamed" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);

    await expect(client.beta.vaults.delete(vault.id)).resolves.toEqual({ id: vault.id, type: "vault_deleted" });
    await expect(client.beta.vaults.retrieve(vault.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(client.beta.vaults.delete(vault.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const listed = await client.beta.vaults.list({ include_archived: true, limit: 100 });
    expect(listed.data.map((item) => item.id)).not.toContain(vault.id);
  });

  it("lists a tenant's vaults newest first across pages, archived ones only when asked", async () => {
    const tenant = await newTenantClient("vault pages");
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await tenant.beta.vaults.create({ display_name: `vault ${i}` })).id);
    const archived = await tenant.beta.vaults.archive(created[1]!);

    const first = await tenant.beta.vaults.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.next_page).toBeTruthy();
    const seen: string[] = [];
    for await (const vault of tenant.beta.vaults.list({ limit: 2 })) seen.push(vault.id);
    expect(seen).toEqual([...created].reverse().filter((id) => id !== archived.id));

    const all: string[] = [];
    for await (const vault of tenant.beta.vaults.list({ limit: 2, include_archived: true })) all.push(vault.id);
    expect(all).toEqual([...created].reverse());
    expect((await tenant.beta.vaults.list({ include_archived: false, limit: 100 })).data.map((vault) => vault.id)).not.toContain(archived.id);
  });

  it("keeps each tenant's vaults to itself", async () => {
    const owner = await newTenantClient("vault owner");
    const stranger = await newTenantClient("vault stranger");
    const vault = await owner.beta.vaults.create({ display_name: "private" });

    const hidden = await stranger.beta.vaults.retrieve(vault.id).catch((error: unknown) => error);
    expect(hidden).toBeInstanceOf(Anthropic.NotFoundError);
    expect((hidden as InstanceType<typeof Anthropic.APIError>).message).toContain(`Vault '${vault.id}' was not found.`);
    await expect(stranger.beta.vaults.update(vault.id, { display_name: "mine" })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.vaults.archive(vault.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.vaults.delete(vault.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect((await stranger.beta.vaults.list({ include_archived: true, limit: 100 })).data).toEqual([]);
    expect(await owner.beta.vaults.retrieve(vault.id)).toEqual(vault);
  });

  it("refuses invalid fields with an Anthropic-shaped invalid_request_error", async () => {
    const cases: [string, unknown][] = [
      ["display_name", {}],
      ["display_name", { display_name: "" }],
      ["display_name", { display_name: "x".repeat(256) }],
      ["display_name", { display_name: "bell\u0007" }],
      ["metadata", { display_name: "ok", metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }],
      ["unknown", { display_name: "ok", secret: "no such field" }],
    ];
    for (const [field, body] of cases) {
      const response = await api("/v1/vaults", { method: "POST", json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json()) as { type: string; error: { type: string; message: string } };
      expect(error).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
      expect(error.error.message, JSON.stringify(body)).toContain(field === "unknown" ? "secret" : field);
    }
    await expect(client.beta.vaults.list({ limit: 1000 })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(client.beta.vaults.retrieve("vlt_000000000000000000000000")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(client.beta.vaults.retrieve("not-a-vault")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("announces a vault's and its credentials' lifecycle to webhook endpoints, with no secret in any event", async () => {
    const apiKey = await newTenantKey();
    const tenant = lucidClient(apiKey);
    const inbox = newInbox("vaults");
    const types = ["vault.created", "vault.archived", "vault.deleted", "vault_credential.created", "vault_credential.archived", "vault_credential.deleted"];
    await createEndpoint(inbox, [...types, "vault_credential.refresh_failed"], apiKey);
    const vault = await tenant.beta.vaults.create({ display_name: "announced" });
    const token = "webhook-secret-token-3f9a";
    const credential = await tenant.beta.vaults.credentials.create(vault.id, {
      auth: { type: "static_bearer", mcp_server_url: "https://mcp.example.com/sse", token },
    });
    await tenant.beta.vaults.credentials.archive(credential.id, { vault_id: vault.id });
    await tenant.beta.vaults.credentials.delete(credential.id, { vault_id: vault.id });
    await tenant.beta.vaults.archive(vault.id);
    await tenant.beta.vaults.delete(vault.id);

    const deliveries = await receivedAtLeast(inbox, types.length);
    const events = deliveries.map((delivery) => JSON.parse(delivery.body) as WebhookEvent);
    expect(events.map((event) => event.data.type).sort()).toEqual([...types].sort());
    for (const event of events) {
      const about = event.data.type.startsWith("vault_credential.") ? { id: credential.id, vault_id: vault.id } : { id: vault.id };
      expect(event.data, event.data.type).toMatchObject(about);
    }
    for (const delivery of deliveries) expect(delivery.body).not.toContain(token);
  });
});

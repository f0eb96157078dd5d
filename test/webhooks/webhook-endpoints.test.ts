// /v1/webhooks: endpoints per tenant, the signing secret shown only at creation and rotation, and tenant isolation.
import { describe, expect, it } from "vitest";
import { api, createAgent, lucidClient } from "../fixtures/lucid";
import { createEndpoint, newInbox, newTenantKey, receivedAtLeast, received } from "../fixtures/webhooks";

describe("webhook endpoints", () => {
  it("shows the signing secret only when the endpoint is created", async () => {
    const apiKey = await newTenantKey();
    const created = await createEndpoint(newInbox("crud"), ["session.status_idled", "dream.completed"], apiKey);
    expect(created).toMatchObject({ id: expect.stringMatching(/^whep_/), state: "enabled", disabled_reason: "", name: "", description: "" });
    expect(created.signing_secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const retrieved = await (await api(`/v1/webhooks/${created.id}`, { apiKey })).json();
    const listed = (await (await api("/v1/webhooks", { apiKey })).json()) as { data: object[]; next_page: string | null };
    const updated = await (
      await api(`/v1/webhooks/${created.id}`, { method: "POST", apiKey, json: { name: "ops", enabled_events: ["agent.created"] } })
    ).json();
    for (const shown of [retrieved, listed.data[0], updated]) expect(shown).not.toHaveProperty("signing_secret");
    expect(updated).toMatchObject({ name: "ops", enabled_events: ["agent.created"] });
    expect(listed).toMatchObject({ data: [{ id: created.id }], next_page: null });
  });

  it("lists endpoints in cursor pages and deletes them", async () => {
    const apiKey = await newTenantKey();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createEndpoint(newInbox("page"), ["agent.created"], apiKey)).id);
    const first = (await (await api("/v1/webhooks?limit=2", { apiKey })).json()) as { data: { id: string }[]; next_page: string };
    const second = (await (await api(`/v1/webhooks?limit=2&page=${first.next_page}`, { apiKey })).json()) as { data: { id: string }[]; next_page: null };
    expect([...first.data, ...second.data].map((endpoint) => endpoint.id).sort()).toEqual([...ids].sort());
    expect(second.next_page).toBeNull();
    const deleted = await api(`/v1/webhooks/${ids[0]}`, { method: "DELETE", apiKey });
    expect(await deleted.json()).toEqual({ id: ids[0], type: "webhook_endpoint_deleted" });
    expect((await api(`/v1/webhooks/${ids[0]}`, { apiKey })).status).toBe(404);
  });

  it("regenerates the signing secret: deliveries are signed with the new one, which is shown once", async () => {
    const inbox = newInbox("rotate");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"]);
    const rotated = (await (await api(`/v1/webhooks/${endpoint.id}/regenerate_signing_secret`, { method: "POST" })).json()) as { signing_secret: string };
    expect(rotated.signing_secret).toMatch(/^whsec_/);
    expect(rotated.signing_secret).not.toBe(endpoint.signing_secret);
    await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST" });
    const [delivery] = await receivedAtLeast(inbox, 1);
    const webhooks = lucidClient().beta.webhooks;
    expect(webhooks.unwrap(delivery!.body, { headers: delivery!.headers, key: rotated.signing_secret }).type).toBe("event");
    expect(() => webhooks.unwrap(delivery!.body, { headers: delivery!.headers, key: endpoint.signing_secret })).toThrow();
  });

  it("refuses bad requests with invalid_request_error", async () => {
    const cases: unknown[] = [
      { url: "https://hooks.example.com/x", enabled_events: [] },
      { url: "https://hooks.example.com/x", enabled_events: ["session.made_up"] },
      { url: "https://hooks.example.com/x" },
      { url: "https://hooks.example.com/x", enabled_events: ["agent.created"], secret: "mine" },
    ];
    for (const json of cases) {
      const response = await api("/v1/webhooks", { method: "POST", json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(await response.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    }
  });
});

describe("webhook tenant isolation", () => {
  it("keeps each tenant's endpoints and events to itself", async () => {
    const [keyA, keyB] = [await newTenantKey(), await newTenantKey()];
    const [inboxA, inboxB] = [newInbox("tenant-a"), newInbox("tenant-b")];
    const endpointA = await createEndpoint(inboxA, ["agent.created"], keyA);
    await createEndpoint(inboxB, ["agent.created"], keyB);
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${endpointA.id}`],
      ["POST", `/v1/webhooks/${endpointA.id}`],
      ["DELETE", `/v1/webhooks/${endpointA.id}`],
      ["POST", `/v1/webhooks/${endpointA.id}/regenerate_signing_secret`],
      ["POST", `/v1/webhooks/${endpointA.id}/test`],
      ["GET", `/v1/webhooks/${endpointA.id}/deliveries`],
    ] as const) {
      const response = await api(path, { method, apiKey: keyB, json: method === "POST" ? {} : undefined });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const listedByB = (await (await api("/v1/webhooks", { apiKey: keyB })).json()) as { data: { id: string }[] };
    expect(listedByB.data.map((endpoint) => endpoint.id)).not.toContain(endpointA.id);

    const agentA = await createAgent(lucidClient(keyA));
    const [delivered] = await receivedAtLeast(inboxA, 1);
    expect(JSON.parse(delivered!.body)).toMatchObject({ data: { type: "agent.created", id: agentA.id } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await received(inboxB)).toHaveLength(0);
    expect(await received(inboxA)).toHaveLength(1);
  });
});

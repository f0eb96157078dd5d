// The client's webhook endpoints: create, read, list across pages, update, test, deliveries, redeliver, rotate, delete.
import { describe, expect, it } from "vitest";
import { newInbox, received } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";
import { newTenant } from "./client-fixtures";

describe("webhooks through the client", () => {
  it("manages an endpoint and its delivery log", async () => {
    const { lucid } = await newTenant("client webhooks");
    const inbox = newInbox("client");
    const endpoint = await lucid.webhooks.create({ url: `https://hooks.example.com/${inbox}`, enabled_events: ["session.status_idled"], name: "first" });
    expect(endpoint).toMatchObject({ state: "enabled", name: "first", signing_secret: expect.any(String) });
    const second = await lucid.webhooks.create({ url: `https://hooks.example.com/${newInbox("other")}`, enabled_events: ["session.status_idled"] });
    expect(await lucid.webhooks.retrieve(endpoint.id)).not.toHaveProperty("signing_secret");

    const ids: string[] = [];
    for await (const item of lucid.webhooks.list({ limit: 1, order: "asc" })) ids.push(item.id);
    expect(ids).toEqual([endpoint.id, second.id]);
    expect((await lucid.webhooks.list({ limit: 1 })).next_page).toEqual(expect.any(String));

    expect(await lucid.webhooks.update(endpoint.id, { description: "renamed" })).toMatchObject({ description: "renamed", name: "first" });

    const tests = [await lucid.webhooks.test(endpoint.id), await lucid.webhooks.test(endpoint.id), await lucid.webhooks.test(endpoint.id)];
    expect(tests.every((delivery) => delivery.event_type === "webhook.test")).toBe(true);
    await eventually(async () => ((await received(inbox)).length >= 3 ? true : undefined), "three test deliveries");
    const walked: string[] = [];
    for await (const delivery of lucid.webhooks.deliveries(endpoint.id, { limit: 2 })) walked.push(delivery.id);
    expect(walked.sort()).toEqual(tests.map((delivery) => delivery.id).sort());
    const delivered = await eventually(async () => {
      const delivery = await lucid.webhooks.delivery(endpoint.id, tests[0]!.id);
      return delivery.status === "succeeded" ? delivery : undefined;
    }, "a succeeded delivery");
    const redelivered = await lucid.webhooks.redeliver(endpoint.id, delivered.id);
    expect(redelivered).toMatchObject({ id: delivered.id, webhook_id: delivered.webhook_id });

    const rotated = await lucid.webhooks.regenerateSigningSecret(endpoint.id);
    expect(rotated.signing_secret).not.toBe(endpoint.signing_secret);
    expect(await lucid.webhooks.delete(endpoint.id)).toEqual({ id: endpoint.id, type: "webhook_endpoint_deleted" });
    await expect(lucid.webhooks.retrieve(endpoint.id)).rejects.toMatchObject({ status: 404, type: "not_found_error" });
  });
});

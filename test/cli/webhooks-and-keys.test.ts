import { describe, expect, it } from "vitest";
import type { ApiKey, CreatedApiKey, NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from "../../client/index";
import { newInbox, received } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";
import { jsonOf, lucid } from "./cli-harness";

describe("lucid webhooks", () => {
  it("creates, lists, shows, updates, tests, reads deliveries, redelivers and deletes an endpoint", async () => {
    const inbox = newInbox("cli");
    const created = await lucid([
      "webhooks",
      "create",
      "--url",
      `https://hooks.example.com/${inbox}`,
      "--events",
      "session.status_idled,dream.completed",
      "--name",
      "ops",
    ]);
    expect(created.code).toBe(0);
    const id = /^(whep_\S+)/.exec(created.stdout)![1]!;
    expect(created.stdout).toMatch(/secret {3}whsec_\S+ {3}\(shown only now/);
    expect(created.stdout).toMatch(/events {3}session\.status_idled, dream\.completed/);

    expect((await lucid(["webhooks", "list"])).stdout).toMatch(
      new RegExp(`${id}\\s+https://hooks.example.com/${inbox}\\s+enabled\\s+session.status_idled,dream.completed`),
    );
    const shown = jsonOf<WebhookEndpoint>(await lucid(["webhooks", "show", id, "--json"]));
    expect(shown).toMatchObject({ id, name: "ops", state: "enabled" });
    expect(shown).not.toHaveProperty("signing_secret");

    const disabled = jsonOf<WebhookEndpoint>(await lucid(["webhooks", "update", id, "--disable", "--json"]));
    expect(disabled.state).toBe("disabled");
    expect((await lucid(["webhooks", "update", id, "--enable"])).stdout).toMatch(new RegExp(`^${id}  \\S+  enabled`));

    const tested = await lucid(["webhooks", "test", id]);
    expect(tested.stdout).toMatch(new RegExp(`^Queued webhook.test as (whdel_\\S+): lucid webhooks deliveries ${id}`));
    await eventually(async () => ((await received(inbox)).length ? true : undefined), "the test delivery");
    const delivery = await eventually(async () => {
      const log = jsonOf<{ data: WebhookDelivery[] }>(await lucid(["webhooks", "deliveries", id, "--json"]));
      return log.data.find((item) => item.status === "succeeded");
    }, "a succeeded delivery");
    const table = await lucid(["webhooks", "deliveries", id]);
    expect(table.stdout).toMatch(new RegExp(`${delivery.id}\\s+webhook.test\\s+succeeded\\s+1\\s+HTTP 2\\d\\d`));

    const redelivered = await lucid(["webhooks", "redeliver", id, delivery.id]);
    expect(redelivered).toMatchObject({ code: 0, stdout: `Redelivering ${delivery.id} (webhook.test).\n` });

    expect((await lucid(["webhooks", "delete", id])).stdout).toBe(`Deleted ${id}.\n`);
    expect((await lucid(["webhooks", "show", id])).code).toBe(1);
  });

  it("refuses unknown event types as a usage error and unsafe URLs as an API error", async () => {
    const unknown = await lucid(["webhooks", "create", "--url", "https://hooks.example.com/x", "--events", "session.exploded"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown event type "session.exploded"/);
    const unsafe = await lucid(["webhooks", "create", "--url", "http://127.0.0.1/x", "--events", "dream.completed"]);
    expect(unsafe.code).toBe(1);
    expect(unsafe.stderr).toMatch(/invalid_request_error \(400\)/);
    expect(
      jsonOf<NewWebhookEndpoint>(await lucid(["webhooks", "create", "--url", "https://hooks.example.com/y", "--events", "dream.completed", "--json"]))
        .signing_secret,
    ).toMatch(/^whsec_/);
  });
});

describe("lucid keys", () => {
  it("creates a key shown once, lists it without its secret, and revokes it", async () => {
    const created = jsonOf<CreatedApiKey>(await lucid(["keys", "create", "ci", "--rate-limit", "600", "--json"]));
    expect(created).toMatchObject({ name: "ci", rate_limit_per_minute: 600, key: expect.stringMatching(/^sk-lucid-/) });

    // The new key works for its own tenant.
    expect((await lucid(["agents", "list"], { apiKey: created.key })).stdout).toBe("No agents yet: lucid agents create --name <name>\n");

    const listed = await lucid(["keys", "list"]);
    expect(listed.stdout).toMatch(new RegExp(`${created.id}\\s+ci\\s+${created.tenant_id}\\s+600`));
    expect(listed.stdout).not.toContain(created.key);
    expect(jsonOf<{ data: ApiKey[] }>(await lucid(["keys", "list", "--json"])).data.map((key) => key.id)).toContain(created.id);

    const shownOnce = await lucid(["keys", "create", "other"]);
    expect(shownOnce.stdout).toMatch(/^apikey_\S+ {2}other {2}tenant tnt_\S+\nkey: sk-lucid-\S+\n\(shown only now/);

    expect((await lucid(["keys", "delete", created.key])).code).toBe(2);
    expect((await lucid(["keys", "delete", created.id])).stdout).toBe(`Revoked ${created.id}.\n`);
    expect((await lucid(["agents", "list"], { apiKey: created.key })).code).toBe(1);
  });
});

// Webhook signing secrets at rest: sealed in the tenant's directory, still signing every delivery, bound to their row,
// secrets stored in the clear before sealing keep working and are sealed on their first use, and the admin re-seal
// (the last step of a key rotation) reports what no configured key opens.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseApiKey } from "../../src/directory/api-key-secret";
import { sealSecret } from "../../src/secrets/secret-box";
import { api, lucidClient } from "../fixtures/lucid";
import { createEndpoint, deliveries, newInbox, newTenantKey, receivedAtLeast } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";

const tenantOf = (key: string) => parseApiKey(key)!.tenantId;

function storedSecret(tenantId: string, endpointId: string): Promise<string> {
  return runInDurableObject(
    env.DIRECTORY.getByName(tenantId),
    (_instance, state) =>
      state.storage.sql.exec<{ signing_secret: string }>("SELECT signing_secret FROM webhook_endpoints WHERE id = ?", endpointId).one().signing_secret,
  );
}

function storeSecret(tenantId: string, endpointId: string, stored: string): Promise<void> {
  return runInDurableObject(env.DIRECTORY.getByName(tenantId), (_instance, state) => {
    state.storage.sql.exec("UPDATE webhook_endpoints SET signing_secret = ? WHERE id = ?", stored, endpointId);
  });
}

/** Sends a test event and returns what the receiver got, verified by the SDK with `secret`. */
async function deliverTestEvent(apiKey: string, endpointId: string, inbox: string, secret: string, count = 1) {
  expect((await api(`/v1/webhooks/${endpointId}/test`, { method: "POST", apiKey })).status).toBe(200);
  const delivery = (await receivedAtLeast(inbox, count))[count - 1]!;
  return lucidClient(apiKey).beta.webhooks.unwrap(delivery.body, { headers: delivery.headers, key: secret });
}

describe("webhook signing secrets at rest", () => {
  it("are stored sealed, never in the clear, and still sign deliveries the SDK verifies, after rotation too", async () => {
    const apiKey = await newTenantKey();
    const inbox = newInbox("sealed");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"], apiKey);
    const stored = await storedSecret(tenantOf(apiKey), endpoint.id);
    expect(stored).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(stored).not.toContain(endpoint.signing_secret.slice("whsec_".length));
    expect(await deliverTestEvent(apiKey, endpoint.id, inbox, endpoint.signing_secret)).toMatchObject({ data: { type: "webhook.test", id: endpoint.id } });

    const rotated = (await (await api(`/v1/webhooks/${endpoint.id}/regenerate_signing_secret`, { method: "POST", apiKey })).json()) as {
      signing_secret: string;
    };
    const storedAfter = await storedSecret(tenantOf(apiKey), endpoint.id);
    expect(storedAfter).toMatch(/^v1:/);
    expect(storedAfter).not.toContain(rotated.signing_secret.slice("whsec_".length));
    expect(await deliverTestEvent(apiKey, endpoint.id, inbox, rotated.signing_secret, 2)).toMatchObject({ data: { id: endpoint.id } });
  });

  it("keep working when stored in the clear before sealing existed, and are sealed on their first use", async () => {
    const apiKey = await newTenantKey();
    const inbox = newInbox("legacy");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"], apiKey);
    await storeSecret(tenantOf(apiKey), endpoint.id, endpoint.signing_secret);

    expect(await deliverTestEvent(apiKey, endpoint.id, inbox, endpoint.signing_secret)).toMatchObject({ data: { id: endpoint.id } });
    const sealed = await eventually(async () => {
      const stored = await storedSecret(tenantOf(apiKey), endpoint.id);
      return stored.startsWith("v1:") ? stored : undefined;
    }, "the secret sealed");
    expect(sealed).not.toContain(endpoint.signing_secret.slice("whsec_".length));
    expect(await deliverTestEvent(apiKey, endpoint.id, inbox, endpoint.signing_secret, 2)).toMatchObject({ data: { id: endpoint.id } });
  });

  it("open only for their own endpoint: a sealed secret copied to another row is not used, and the attempt says why", async () => {
    const apiKey = await newTenantKey();
    const tenantId = tenantOf(apiKey);
    const first = await createEndpoint(newInbox("owner"), ["deployment_run.failed"], apiKey);
    const inbox = newInbox("thief");
    const second = await createEndpoint(inbox, ["deployment_run.failed"], apiKey);
    await storeSecret(tenantId, second.id, await storedSecret(tenantId, first.id));

    await api(`/v1/webhooks/${second.id}/test`, { method: "POST", apiKey });
    const [delivery] = await eventually(async () => {
      const list = await deliveries(second.id, apiKey);
      return list[0]?.status === "failed" ? list : undefined;
    }, "the delivery failed");
    expect(delivery!.attempts.map((attempt) => attempt.status_code)).toEqual([null, null, null]);
    for (const attempt of delivery!.attempts) {
      expect(attempt.error).toBe("not sent: A stored secret cannot be opened: it was altered, or sealed for another record.");
    }
  });

  it("are brought under the current key by the admin re-seal, which names any secret no configured key opens", async () => {
    const apiKey = await newTenantKey();
    const tenantId = tenantOf(apiKey);
    const clear = await createEndpoint(newInbox("clear"), ["deployment_run.failed"], apiKey);
    const foreign = await createEndpoint(newInbox("foreign"), ["deployment_run.failed"], apiKey);
    const current = await createEndpoint(newInbox("current"), ["deployment_run.failed"], apiKey);
    const currentStored = await storedSecret(tenantId, current.id);
    await storeSecret(tenantId, clear.id, clear.signing_secret);
    const lostKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const foreignStored = await sealSecret({ LUCID_SECRETS_KEY: lostKey }, foreign.signing_secret, `webhook_endpoint.signing_secret:${tenantId}:${foreign.id}`);
    await storeSecret(tenantId, foreign.id, foreignStored);

    expect((await api("/v1/secrets/reseal", { method: "POST", apiKey })).status).toBe(403);
    const response = await api("/v1/secrets/reseal", { method: "POST" });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      type: string;
      tenants_checked: number;
      resealed: number;
      unopenable: { tenant_id: string; webhook_endpoint_id: string }[];
    };
    expect(report.type).toBe("secrets_reseal");
    expect(report.resealed).toBeGreaterThanOrEqual(1);
    expect(report.unopenable).toContainEqual({ tenant_id: tenantId, webhook_endpoint_id: foreign.id });
    expect(report.unopenable.filter((item) => item.tenant_id === tenantId)).toHaveLength(1);
    expect(await storedSecret(tenantId, clear.id)).toMatch(/^v1:/);
    expect(await storedSecret(tenantId, current.id)).toBe(currentStored);
    expect(await storedSecret(tenantId, foreign.id)).toBe(foreignStored);
  });
});

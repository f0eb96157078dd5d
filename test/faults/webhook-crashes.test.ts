// Crashes of the webhook queue consumer mid-attempt: the queue delivers again with the same webhook-id, and the
// delivery log ends with one delivery, succeeded once, every attempt (the cut-off one too) on record.
import { afterEach, describe, expect, it } from "vitest";
import { armCrash, type CrashPoint, disarmCrashes } from "../../src/faults/crash-points";
import { UNFINISHED_ATTEMPT_ERROR } from "../../src/webhooks/delivery-log";
import { api, lucidClient } from "../fixtures/lucid";
import { createEndpoint, deliveries, newInbox, newTenantKey, received, receivedAtLeast } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";
import { crashHappened } from "../fixtures/crashes";

/** Sends the endpoint's test event under a crash at `point`; returns the endpoint, its inbox and its tenant's key. */
async function deliverThroughCrash(point: CrashPoint) {
  const apiKey = await newTenantKey();
  const inbox = newInbox(point.replace(".", "-"));
  const endpoint = await createEndpoint(inbox, ["deployment_run.failed"], apiKey);
  armCrash(point);
  const response = await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST", apiKey });
  expect(response.status).toBe(200);
  await crashHappened(point);
  const [delivery] = await eventually(async () => {
    const list = await deliveries(endpoint.id, apiKey);
    return list[0]?.status === "pending" ? undefined : list;
  }, "the delivery to settle");
  return { apiKey, inbox, endpoint, delivery: delivery! };
}

/** No further request reaches the inbox: the settled delivery is not sent again. */
async function noMoreDeliveries(inbox: string, count: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await received(inbox)).toHaveLength(count);
}

describe("crashes during webhook delivery", () => {
  afterEach(() => disarmCrashes());

  it("after a crash once the receiver answered, delivers again with the same webhook-id and logs one delivery, succeeded", async () => {
    const { apiKey, inbox, endpoint, delivery } = await deliverThroughCrash("webhook.sent");
    // At least once: the receiver got the event twice, both times as the same webhook-id, so it can drop the second.
    const requests = await receivedAtLeast(inbox, 2);
    expect(requests.map((request) => request.status)).toEqual([200, 200]);
    expect(new Set(requests.map((request) => request.headers["webhook-id"])).size).toBe(1);
    for (const request of requests) lucidClient().beta.webhooks.unwrap(request.body, { headers: request.headers, key: endpoint.signing_secret });
    // One delivery of the event, succeeded; its log shows both attempts: the one whose outcome the crash lost, then 200.
    const all = await deliveries(endpoint.id, apiKey);
    expect(all).toHaveLength(1);
    expect(delivery).toMatchObject({ status: "succeeded", webhook_id: requests[0]!.headers["webhook-id"] });
    expect(delivery.attempts.map((attempt) => [attempt.status_code, attempt.error])).toEqual([
      [null, UNFINISHED_ATTEMPT_ERROR],
      [200, null],
    ]);
    await noMoreDeliveries(inbox, 2);
  });

  it("after a crash before anything was sent, delivers once and logs the cut-off attempt", async () => {
    const { apiKey, inbox, endpoint, delivery } = await deliverThroughCrash("webhook.attempt_started");
    const [request] = await receivedAtLeast(inbox, 1);
    expect(request!.headers["webhook-id"]).toBe(delivery.webhook_id);
    expect(await deliveries(endpoint.id, apiKey)).toHaveLength(1);
    expect(delivery.status).toBe("succeeded");
    expect(delivery.attempts.map((attempt) => attempt.status_code)).toEqual([null, 200]);
    await noMoreDeliveries(inbox, 1);
  });

  it("without a crash, an attempt's outcome replaces its unfinished mark: one attempt, succeeded", async () => {
    const apiKey = await newTenantKey();
    const inbox = newInbox("no-crash");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"], apiKey);
    await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST", apiKey });
    const [delivery] = await eventually(async () => {
      const list = await deliveries(endpoint.id, apiKey);
      return list[0]?.status === "succeeded" ? list : undefined;
    }, "a succeeded delivery");
    expect(delivery!.attempts).toMatchObject([{ status_code: 200, error: null }]);
    await noMoreDeliveries(inbox, 1);
  });
});

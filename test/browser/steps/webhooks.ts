// Webhook pages in Chromium: create an endpoint for a receiver in this process, send it a test event, see the signed
// delivery arrive and succeed in the endpoint's delivery log, then redeliver it and see the second attempt.
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import type { Locator, Page } from "playwright-core";
import { step } from "../browser-step";
import type { LucidServer } from "../../harness/lucid-server";
import type { WebhookReceiver } from "../webhook-receiver";

const DELIVERY_TIMEOUT_MS = 30_000;

export async function checkWebhooks(page: Page, server: LucidServer, receiver: WebhookReceiver): Promise<void> {
  let signingSecret = "";
  await step("Create a webhook endpoint for a local receiver", page, async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    await page.getByLabel("URL").fill(receiver.url);
    await page.getByRole("checkbox", { name: "dream.completed", exact: true }).check();
    await page.getByRole("button", { name: "Create endpoint" }).click();
    const notice = page.getByText(/Its signing secret, shown only now: whsec_/);
    await notice.waitFor();
    signingSecret = /(whsec_\S+)/.exec((await notice.textContent()) ?? "")?.[1] ?? "";
    await endpointRow(page, receiver.url).waitFor();
  });

  await step("Send a test event and see the receiver get it, signed", page, async () => {
    await endpointRow(page, receiver.url).getByRole("button", { name: "Send test event" }).click();
    await page.getByText(/^Sent a test event to /).waitFor();
    await receiver.waitForRequests(1, DELIVERY_TIMEOUT_MS);
    const [request] = receiver.received;
    assert.ok(request?.headers["webhook-signature"], "the delivery carries a webhook-signature header");
    // Verified the way a receiver would, with the official SDK and the secret the page showed once.
    const client = new Anthropic({ apiKey: server.adminKey, baseURL: server.baseURL });
    const event = client.beta.webhooks.unwrap(request.body, { headers: flatHeaders(request.headers), key: signingSecret });
    assert.equal(event.data.type, "webhook.test");
  });

  await step("See the delivery succeed in the endpoint's log", page, async () => {
    await page.getByRole("link", { name: receiver.url }).click();
    await page.getByRole("heading", { name: receiver.url, level: 1 }).waitFor();
    const delivery = deliveryRow(page);
    await refreshUntil(page, async () => (await cellText(delivery, 1)) === "succeeded");
    const attempts = delivery.getByRole("listitem");
    assert.equal(await attempts.count(), 1);
    assert.match((await attempts.first().textContent()) ?? "", /: HTTP 204 in \d+ ms$/);
    assert.equal(await delivery.locator("code").textContent(), receiver.received[0]!.headers["webhook-id"]);
  });

  await step("Redeliver and see a second attempt", page, async () => {
    const delivery = deliveryRow(page);
    await delivery.getByRole("button", { name: "Redeliver" }).click();
    await page.getByText(/is being sent again\.$/).waitFor();
    await receiver.waitForRequests(2, DELIVERY_TIMEOUT_MS);
    assert.equal(receiver.received[1]!.headers["webhook-id"], receiver.received[0]!.headers["webhook-id"], "a redelivery keeps its webhook-id");
    const attempts = delivery.getByRole("listitem");
    await refreshUntil(page, async () => (await attempts.count()) === 2 && (await cellText(delivery, 1)) === "succeeded");
    for (const attempt of await attempts.all()) assert.match((await attempt.textContent()) ?? "", /: HTTP 204 in \d+ ms$/);
  });
}

function endpointRow(page: Page, url: string): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: url, exact: true }) });
}

/** The test event's row in the delivery log; the endpoint subscribes to nothing else that happens during the test. */
function deliveryRow(page: Page): Locator {
  return page.getByRole("row").filter({ hasText: "webhook.test" });
}

async function cellText(row: Locator, index: number): Promise<string | null> {
  return row.getByRole("cell").nth(index).textContent();
}

/** The delivery log loads on request (its Refresh button), as a person watching it would reload it. */
async function refreshUntil(page: Page, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  const refresh = page.getByRole("button", { name: "Refresh" });
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`the delivery log did not show it within ${DELIVERY_TIMEOUT_MS / 1000} s`);
    await page.waitForTimeout(500);
    await refresh.click();
  }
}

function flatHeaders(headers: WebhookReceiver["received"][number]["headers"]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
}

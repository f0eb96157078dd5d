// The dashboard's main loop in Chromium: sign in, create an agent, run a session and watch it stream, correct it, dream,
// approve part of the changeset, see it applied, and roll it back.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { step } from "../browser-step";
import type { LucidServer } from "../../harness/lucid-server";

/** What the later steps build on: the loop's agent and the dream it applied (and rolled back). */
export type LoopResult = { agentName: string; dreamId: string };

export async function runLoop(page: Page, server: LucidServer, streamed: StreamedText): Promise<LoopResult> {
  const agentName = "Letter drafter";

  await step("Sign-in refuses a wrong key", page, async () => {
    await page.goto(server.baseURL);
    await page.getByLabel("API key").fill("not-a-real-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "authentication_error" }).waitFor();
  });

  await step("Sign in with the local key", page, async () => {
    await page.getByLabel("API key").fill(server.adminKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Agents", level: 1 }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem("lucid.apiKey")), server.adminKey);
  });

  let storeBeforeDream = "";
  await step("Create an agent that dreams in review mode", page, async () => {
    await page.getByLabel("Name").fill(agentName);
    await page.getByLabel("System prompt").fill("You draft client letters.");
    await page.getByLabel("Apply what a dream learns").selectOption("review");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.getByRole("heading", { name: agentName, level: 1 }).waitFor();
    storeBeforeDream = (await page.locator("p.hint a code").first().textContent()) ?? "";
    assert.match(storeBeforeDream, /^memstore_/);
  });

  await step("Run a session and see the reply and its status", page, async () => {
    await page.getByLabel("First message").fill("Draft a letter to Acme about the renewal.");
    await page.getByRole("button", { name: "Start session" }).click();
    await waitForIdleReply(page, 1);
    assert.ok(await page.locator(".transcript .user").filter({ hasText: "Draft a letter to Acme" }).count());
  });

  await step("Correct the agent and watch the reply stream in", page, async () => {
    // The session page is already listening, so this reply arrives as text deltas over its WebSocket.
    streamed.clear();
    await page.getByRole("textbox", { name: "Message", exact: true }).fill("No, always sign letters as 'The Acme Legal Team'.");
    await page.getByRole("button", { name: "Send" }).click();
    const reply = await waitForIdleReply(page, 2);
    const deltas = [...streamed.values()].find((message) => message.text === reply);
    assert.ok(deltas, `the reply shown was streamed as deltas (streamed: ${JSON.stringify([...streamed.values()])})`);
    assert.ok(deltas.count > 1, "the reply came in several pieces");
  });

  await step("Correct it once more, on another point", page, async () => {
    // A second, different preference, so the dream proposes more than one change and part of it can be approved.
    await page.getByRole("textbox", { name: "Message", exact: true }).fill("Don't use exclamation marks in client letters.");
    await page.getByRole("button", { name: "Send" }).click();
    await waitForIdleReply(page, 3);
  });

  let dreamId = "";
  await step("Start a dream and see its changeset", page, async () => {
    await page.getByRole("link", { name: agentName }).click();
    await page.getByRole("button", { name: "Dream now" }).click();
    await page.getByRole("heading", { name: "Dream", level: 1 }).waitFor();
    dreamId = new URL(page.url()).hash.replace("#/dreams/", "");
    assert.match(dreamId, /^drm_/);
    await page.getByText("Waiting for your review").first().waitFor({ timeout: 60_000 });
    await page.locator(".operation").first().waitFor();
    await page.locator(".side-by-side-diff").first().waitFor();
  });

  const operations = page.locator(".operation");
  const operationCount = await operations.count();
  await step("Approve part of the changeset", page, async () => {
    assert.ok(operationCount >= 2, `the dream proposes several operations to choose from (got ${operationCount})`);
    // Keep only the first operation.
    for (let index = 1; index < operationCount; index += 1) await operations.nth(index).getByRole("checkbox").uncheck();
    await page.getByRole("button", { name: `Approve 1 of ${operationCount} selected` }).click();
    await page.getByRole("heading", { name: "Applied", exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText("(this dream's output)").waitFor();
    assert.equal(await page.locator(".operation").filter({ hasText: "— applied" }).count(), 1);
    assert.equal(await page.locator(".operation").filter({ hasText: "— not applied" }).count(), operationCount - 1);
  });

  await step("Roll the agent back to its previous memory", page, async () => {
    await page.getByRole("button", { name: "Roll back" }).click();
    await page.getByText("Rolled back").waitFor();
    await page
      .getByRole("link", { name: /^agent_/ })
      .first()
      .click();
    await page.getByRole("heading", { name: agentName, level: 1 }).waitFor();
    assert.equal(await page.locator("p.hint a code").first().textContent(), storeBeforeDream);
  });
  return { agentName, dreamId };
}

/** Waits until the session is idle with `replies` finished agent messages in the transcript; gives the last one's text. */
export async function waitForIdleReply(page: Page, replies: number): Promise<string> {
  await page.waitForFunction((count) => document.querySelectorAll('.transcript .agent[aria-busy="false"]').length >= count, replies);
  await page.locator('[aria-label="Session status"] .status-idle').waitFor();
  const text =
    (await page
      .locator('.transcript .agent[aria-busy="false"] pre')
      .nth(replies - 1)
      .textContent()) ?? "";
  assert.ok(text.length > 0, "the reply has text");
  return text;
}

export type StreamedText = Map<string, { text: string; count: number }>;

/** The text deltas the page receives over its WebSockets, joined per message, with how many pieces. */
export function recordStreamedText(page: Page): StreamedText {
  const messages: StreamedText = new Map();
  page.on("websocket", (socket) =>
    socket.on("framereceived", ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type?: string; event_id?: string; delta?: { content?: { text?: string } } };
      if (frame.type !== "event_delta" || !frame.event_id) return;
      const message = messages.get(frame.event_id) ?? { text: "", count: 0 };
      messages.set(frame.event_id, { text: message.text + (frame.delta?.content?.text ?? ""), count: message.count + 1 });
    }),
  );
  return messages;
}

// `npm run test:browser`: the dashboard's whole loop in real Chromium against `npm start` (with the simulator):
// sign in, create an agent, run a session and watch it stream, correct it, dream, approve part of the changeset,
// see it applied, and roll it back. Screenshots of key steps and of any failure go to .cache/browser-screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startLucid, type LucidServer } from "./lucid-server";

const PORT = 8831;
const SCREENSHOTS = ".cache/browser-screenshots";
const STEP_TIMEOUT_MS = 30_000;

let screenshotCount = 0;
async function screenshot(page: Page, name: string): Promise<void> {
  screenshotCount += 1;
  await page.screenshot({ path: `${SCREENSHOTS}/${String(screenshotCount).padStart(2, "0")}-${name}.png`, fullPage: true });
}

async function step(name: string, page: Page, run: () => Promise<void>): Promise<void> {
  process.stdout.write(`• ${name}… `);
  await run();
  await screenshot(page, name.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-"));
  process.stdout.write("ok\n");
}

async function checkRouting(server: LucidServer): Promise<void> {
  // The platform's asset router: the dashboard at /, the API and health check still the Worker's.
  const index = await fetch(`${server.baseURL}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get("content-type") ?? "", /^text\/html/);
  assert.equal((await fetch(`${server.baseURL}/v1/agents`)).status, 401);
  assert.deepEqual(await (await fetch(`${server.baseURL}/healthz`)).json(), { status: "ok" });
}

async function runLoop(page: Page, server: LucidServer, streamed: StreamedText): Promise<void> {
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

  await step("Start a dream and see its changeset", page, async () => {
    await page.getByRole("link", { name: agentName }).click();
    await page.getByRole("button", { name: "Dream now" }).click();
    await page.getByRole("heading", { name: "Dream", level: 1 }).waitFor();
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
    await page.getByRole("link", { name: /^agent_/ }).first().click();
    await page.getByRole("heading", { name: agentName, level: 1 }).waitFor();
    assert.equal(await page.locator("p.hint a code").first().textContent(), storeBeforeDream);
  });
}

/** Waits until the session is idle with `replies` finished agent messages in the transcript; gives the last one's text. */
async function waitForIdleReply(page: Page, replies: number): Promise<string> {
  await page.waitForFunction((count) => document.querySelectorAll('.transcript .agent[aria-busy="false"]').length >= count, replies);
  await page.locator('[aria-label="Session status"] .status-idle').waitFor();
  const text = (await page.locator('.transcript .agent[aria-busy="false"] pre').nth(replies - 1).textContent()) ?? "";
  assert.ok(text.length > 0, "the reply has text");
  return text;
}

type StreamedText = Map<string, { text: string; count: number }>;

/** The text deltas the page receives over its WebSockets, joined per message, with how many pieces. */
function recordStreamedText(page: Page): StreamedText {
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

async function main(): Promise<void> {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  let server: LucidServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    server = await startLucid({ port: PORT, stateDir: ".cache/browser-state", logPath: ".cache/browser-server.log" });
    await checkRouting(server);
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await runLoop(page, server, recordStreamedText(page));
    assert.deepEqual(pageErrors, [], "the page threw no uncaught errors");
    console.log("Dashboard loop passed in Chromium.");
  } catch (error) {
    process.stdout.write("FAILED\n");
    if (page) await screenshot(page, "failure").catch(() => undefined);
    if (server) console.error(`--- last lines of ${server.logPath} ---\n${readFileSync(server.logPath, "utf8").split("\n").slice(-40).join("\n")}`);
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// `npm run test:browser`: the dashboard in real Chromium against `npm start` (with the simulator), one server for all:
// the main loop (sign in, agent, session streaming, dream, partial approval, rollback), then the learning chart, memory
// (search, edit, versions), webhooks (a local receiver, test event, redelivery), a multiagent session's threads, held
// tool calls, and vaults (a bearer token added through the page and shown nowhere) with an agent's MCP servers.
// Screenshots of key steps and of any failure go to .cache/browser-screenshots/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { clearScreenshots, screenshot } from "./browser-step";
import { startLucid, type LucidServer } from "../harness/lucid-server";
import { checkConfirmations } from "./steps/confirmations";
import { checkLearningChart } from "./steps/learning-chart";
import { recordStreamedText, runLoop } from "./steps/main-loop";
import { checkMemory } from "./steps/memory";
import { checkMultiagent } from "./steps/multiagent";
import { checkVaults } from "./steps/vaults";
import { checkWebhooks } from "./steps/webhooks";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

// Another run (CI, a colleague) may hold the default port; each port gets its own state directory and log.
const PORT = Number(process.env.LUCID_BROWSER_TEST_PORT ?? 8831);
const STEP_TIMEOUT_MS = 30_000;

async function checkRouting(server: LucidServer): Promise<void> {
  // The platform's asset router: the dashboard at /, the API and health check still the Worker's.
  const index = await fetch(`${server.baseURL}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get("content-type") ?? "", /^text\/html/);
  assert.equal((await fetch(`${server.baseURL}/v1/agents`)).status, 401);
  assert.deepEqual(await (await fetch(`${server.baseURL}/healthz`)).json(), { status: "ok" });
}

async function main(): Promise<void> {
  clearScreenshots();
  let server: LucidServer | undefined;
  let receiver: WebhookReceiver | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    server = await startLucid({ port: PORT, stateDir: `.cache/browser-state-${PORT}`, logPath: `.cache/browser-server-${PORT}.log` });
    await checkRouting(server);
    receiver = await startWebhookReceiver();
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const loop = await runLoop(page, server, recordStreamedText(page));
    await checkLearningChart(page, loop);
    await checkMemory(page, loop);
    await checkWebhooks(page, server, receiver);
    await checkMultiagent(page, server);
    await checkConfirmations(page, server);
    await checkVaults(page, server);
    assert.deepEqual(pageErrors, [], "the page threw no uncaught errors");
    console.log("Dashboard passed in Chromium.");
  } catch (error) {
    process.stdout.write("FAILED\n");
    if (page) await screenshot(page, "failure").catch(() => undefined);
    if (server) console.error(`--- last lines of ${server.logPath} ---\n${readFileSync(server.logPath, "utf8").split("\n").slice(-40).join("\n")}`);
    throw error;
  } finally {
    await browser?.close();
    await receiver?.close();
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

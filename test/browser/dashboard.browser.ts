// `npm run test:browser`: the dashboard's whole loop in real Chromium against `npm start` (with the simulator):
// sign in, create an agent, run a session and watch it stream, correct it, dream, approve part of the changeset,
// see it applied, and roll it back. Screenshots of key steps and of any failure go to .cache/browser-screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startLucid, type LucidServer } from "./lucid-server";

// Another run (CI, a colleague) may hold the default port; each port gets its own state directory and log.
const PORT = Number(process.env.LUCID_BROWSER_TEST_PORT ?? 8831);
const SCREENSHOTS = ".cache/browser-screenshots";
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
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  let server: LucidServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    server = await startLucid({ port: PORT, stateDir: `.cache/browser-state-${PORT}`, logPath: `.cache/browser-server-${PORT}.log` });
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

// The multiagent page in Chromium: a coordinator over two specialists (made over the API), its threads page open
// before it has any, then its task sent and the threads appearing live with their agents until each is idle.
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import type { Page } from "playwright-core";
import { step } from "../browser-step";
import type { LucidServer } from "../../harness/lucid-server";

const MODEL = "claude-sonnet-5-5";
const THREADS_TIMEOUT_MS = 60_000;

export async function checkMultiagent(page: Page, server: LucidServer): Promise<void> {
  const client = new Anthropic({ apiKey: server.adminKey, baseURL: server.baseURL });
  let sessionId = "";
  await step("Open a coordinator session's threads page before it has threads", page, async () => {
    const [planner, analyst] = await Promise.all([
      createSpecialist(client, "Planner", "Plans schedules."),
      createSpecialist(client, "Analyst", "Runs the numbers."),
    ]);
    const lead = await client.beta.agents.create({
      name: "Launch lead",
      model: MODEL,
      tools: [{ type: "agent_toolset_20260401" }],
      multiagent: { type: "coordinator", agents: [planner.id, analyst.id] },
    });
    const environment = await client.beta.environments.create({ name: "browser test team" });
    sessionId = (await client.beta.sessions.create({ agent: lead.id, environment_id: environment.id })).id;
    await page.goto(`${server.baseURL}/#/sessions/${sessionId}/threads`);
    await page.getByRole("link", { name: "Launch lead" }).waitFor();
    const specialists = page.getByRole("definition").filter({ hasText: "Planner" });
    assert.equal(await specialists.textContent(), "Planner, Analyst");
    await page.getByText("No threads yet").waitFor();
  });

  await step("Send the coordinator its task and watch its threads appear and finish", page, async () => {
    // Sent over the API while the page stays open, so the threads can only appear through its live stream.
    await client.beta.sessions.events.send(sessionId, {
      events: [{ type: "user.message", content: [{ type: "text", text: "Write the launch plan.\nParts: Timeline; Budget; Risks" }] }],
    });
    const threads = page
      .getByRole("table")
      .getByRole("row")
      .filter({ has: page.getByRole("cell") });
    await threads.nth(2).waitFor({ timeout: THREADS_TIMEOUT_MS });
    await page.waitForFunction(
      () => [...document.querySelectorAll("tbody tr")].every((row) => (row as HTMLTableRowElement).cells[2]?.textContent === "idle"),
      undefined,
      { timeout: THREADS_TIMEOUT_MS },
    );
    assert.equal(await threads.count(), 3, "one thread per part");
    // The simulator deals the parts round-robin over the roster.
    const agents = await Promise.all((await threads.all()).map((row) => row.getByRole("cell").nth(1).textContent()));
    assert.deepEqual(agents, ["Planner", "Analyst", "Planner"]);
    for (const row of await threads.all()) {
      assert.match((await row.getByRole("link").textContent()) ?? "", /^sesn_/);
      await row
        .getByRole("cell")
        .last()
        .filter({ hasText: /^from thread: / })
        .waitFor();
    }
    await page
      .getByRole("definition")
      .filter({ hasText: /^live$/ })
      .waitFor();
    // Once every thread is idle the coordinator merges the parts and ends its turn.
    await page
      .getByRole("definition")
      .filter({ has: page.getByRole("link", { name: "Launch lead" }) })
      .filter({ hasText: /idle$/ })
      .waitFor();
  });
}

function createSpecialist(client: Anthropic, name: string, description: string) {
  return client.beta.agents.create({ name, description, model: MODEL, tools: [{ type: "agent_toolset_20260401" }] });
}

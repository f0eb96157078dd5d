// Held tool calls in Chromium: an agent whose file tools ask first (`always_ask`, made over the API) writes a file;
// its session page shows the call waiting with Allow and Deny. Allowed, the call runs and its result appears; denied
// with a reason, the agent is told the reason and nothing runs.
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import type { Page } from "playwright-core";
import { step } from "../browser-step";
import type { LucidServer } from "../../harness/lucid-server";

const MODEL = "claude-sonnet-5-5";

export async function checkConfirmations(page: Page, server: LucidServer): Promise<void> {
  const client = new Anthropic({ apiKey: server.adminKey, baseURL: server.baseURL });
  const agent = await client.beta.agents.create({
    name: "Careful writer",
    model: MODEL,
    tools: [{ type: "agent_toolset_20260401", default_config: { permission_policy: { type: "always_ask" } } }],
  });
  const environment = await client.beta.environments.create({ name: "browser test confirmations" });
  // The simulator calls the tool a message names, with the inputs it states.
  const heldWrite = async (path: string) => {
    const text = `Use the tool write with file_path: ${path} content: "kept"`;
    const session = await client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      initial_events: [{ type: "user.message", content: [{ type: "text", text }] }],
    });
    await page.goto(`${server.baseURL}/#/sessions/${session.id}`);
    const held = page.getByRole("group", { name: "Waiting for your confirmation" });
    await held.waitFor();
    return { session, held };
  };

  await step("Allow a held tool call and see it run", page, async () => {
    const { held } = await heldWrite("/allowed.md");
    await held.getByRole("button", { name: "Allow" }).click();
    await page.locator(".transcript .tool").filter({ hasText: "Allowed by the user" }).filter({ hasText: "✓" }).waitFor();
  });

  await step("Deny a held tool call with a reason the agent reads", page, async () => {
    const { session, held } = await heldWrite("/denied.md");
    await held.getByLabel("Reason for denying (optional)").fill("Not in this folder.");
    await held.getByRole("button", { name: "Deny" }).click();
    await page
      .locator(".transcript .tool")
      .filter({ hasText: "Denied by the user" })
      .filter({ hasText: "The user denied this tool call: Not in this folder." })
      .waitFor();
    const files = await fetch(`${server.baseURL}/v1/sessions/${session.id}/workspace/files/denied.md`, { headers: { "x-api-key": server.adminKey } });
    assert.equal(files.status, 404, "a denied write never ran");
  });
}

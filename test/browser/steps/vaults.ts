// Vault pages in Chromium: create a vault and add a bearer token through the page's password field, then check the
// token is nowhere in the page (markup, text, field values) though the credential is listed with its server and type;
// delete it; see an agent's MCP servers with their toolsets' permission policies on its page; and watch a session call
// the README's example MCP server (examples/mcp-server.mjs, started here) with a vault's token, the call and its
// result in the session's transcript.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import Anthropic from "@anthropic-ai/sdk";
import type { Locator, Page } from "playwright-core";
import { step } from "../browser-step";
import type { LucidServer } from "../../harness/lucid-server";

const VAULT_NAME = "Browser test vault";
const SERVER_URL = "https://mcp.example.com/cases";
// Distinctive, so finding it anywhere in the page can only mean it leaked.
const TOKEN = "browser-secret-6f3c2a91e0";

export async function checkVaults(page: Page, server: LucidServer): Promise<void> {
  const client = new Anthropic({ apiKey: server.adminKey, baseURL: server.baseURL });

  await step("Create a vault on the Vaults page", page, async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Vaults" }).click();
    await page.getByRole("heading", { name: "Vaults", level: 1 }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill(VAULT_NAME);
    await page.getByRole("button", { name: "Create vault" }).click();
    await page.getByText(`Created the vault ${VAULT_NAME}.`).waitFor();
    await page.getByRole("link", { name: VAULT_NAME }).click();
    await page.getByRole("heading", { name: VAULT_NAME, level: 1 }).waitFor();
  });

  await step("Add a bearer token and find it nowhere in the page", page, async () => {
    const tokenField = page.getByLabel("Token", { exact: true });
    assert.equal(await tokenField.getAttribute("type"), "password", "the token is typed into a password field");
    await page.getByLabel("MCP server URL", { exact: true }).fill(SERVER_URL);
    await tokenField.fill(TOKEN);
    await page.getByRole("button", { name: "Add token" }).click();
    await page.getByText(`Added a bearer token for ${SERVER_URL}.`).waitFor();
    const row = credentialRow(page);
    await row.waitFor();
    assert.deepEqual(await row.getByRole("cell").allTextContents(), [SERVER_URL, "static_bearer", "never", "—", "Delete"]);
    assert.equal(await tokenField.inputValue(), "", "the token field is emptied once sent");
    await assertTokenAbsent(page);
    // The credential is really stored (the API lists it, without its token either).
    const vault = (await client.beta.vaults.list()).data.find((item) => item.display_name === VAULT_NAME)!;
    const stored = (await client.beta.vaults.credentials.list(vault.id)).data;
    assert.deepEqual(
      stored.map((credential) => credential.auth),
      [{ type: "static_bearer", mcp_server_url: SERVER_URL }],
    );
    await page.reload();
    await credentialRow(page).waitFor();
    await assertTokenAbsent(page);
  });

  await step("Delete the credential", page, async () => {
    page.once("dialog", (dialog) => void dialog.accept());
    await credentialRow(page).getByRole("button", { name: "Delete" }).click();
    await page.getByText(`Deleted the credential for ${SERVER_URL}.`).waitFor();
    await page.getByText("No credentials yet.").waitFor();
  });

  await step("See an agent's MCP servers and their permission policies", page, async () => {
    const agent = await client.beta.agents.create({
      name: "Case clerk",
      model: "claude-sonnet-5-5",
      mcp_servers: [
        { type: "url", name: "cases", url: SERVER_URL },
        { type: "url", name: "docs", url: "https://docs.example.com/mcp" },
      ],
      tools: [
        { type: "mcp_toolset", mcp_server_name: "cases", default_config: { permission_policy: { type: "always_allow" } } },
        { type: "mcp_toolset", mcp_server_name: "docs", configs: [{ name: "delete_page", enabled: false }] },
      ],
    });
    await page.goto(`${server.baseURL}/#/agents/${agent.id}`);
    await page.getByRole("heading", { name: "MCP servers", level: 2 }).waitFor();
    const serverRow = (name: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
    const described = async (name: string) => (await serverRow(name).getByRole("cell").allTextContents()).slice(0, 4);
    assert.deepEqual(await described("cases"), ["cases", SERVER_URL, "always_allow (runs without asking)", "—"]);
    assert.deepEqual(await described("docs"), ["docs", "https://docs.example.com/mcp", "always_ask (asks before each call)", "delete_page: off"]);
    // Its health: this machine reaches no such server, and the check says so instead of failing.
    await serverRow("docs").getByRole("button", { name: "Check docs" }).click();
    await serverRow("docs")
      .getByRole("status")
      .filter({ hasText: /^unreachable: MCP server 'docs' could not be used/ })
      .waitFor({ timeout: 45_000 });
  });

  await step("Watch a session call an MCP server with a vault's token, the call and its result in the transcript", page, async () => {
    const mcpToken = "browser-mcp-token-5d1e";
    const mcp = await startExampleMcpServer(9933, mcpToken);
    try {
      const vault = await client.beta.vaults.create({ display_name: "Browser MCP vault" });
      await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: mcp.url, token: mcpToken } });
      const agent = await client.beta.agents.create({
        name: "Browser case clerk",
        model: "claude-sonnet-5-5",
        mcp_servers: [{ type: "url", name: "cases", url: mcp.url }],
        tools: [{ type: "mcp_toolset", mcp_server_name: "cases", default_config: { permission_policy: { type: "always_allow" } } }],
      });
      const environment = await client.beta.environments.create({ name: "browser test mcp" });
      const session = await client.beta.sessions.create({
        agent: agent.id,
        environment_id: environment.id,
        vault_ids: [vault.id],
        initial_events: [{ type: "user.message", content: [{ type: "text", text: 'Use the tool lookup_case with case_id: "C-7"' }] }],
      });
      await page.goto(`${server.baseURL}/#/sessions/${session.id}`);
      await page.locator(".transcript .tool").filter({ hasText: "cases/lookup_case" }).filter({ hasText: "Case C-7: open" }).waitFor();
      assert.ok(!(await page.content()).includes(mcpToken), "the MCP token is not in the page");
    } finally {
      mcp.stop();
    }
  });
}

/** The README's example MCP server on `port`, behind `token`; resolves once it listens. */
async function startExampleMcpServer(port: number, token: string) {
  const child = spawn(process.execPath, ["examples/mcp-server.mjs"], {
    env: { ...process.env, PORT: String(port), MCP_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("listening")) resolve();
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`the example MCP server exited (${code}): ${output}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, stop: () => child.kill("SIGTERM") };
}

function credentialRow(page: Page): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("cell", { name: SERVER_URL, exact: true }) });
}

/** The token in neither the markup (its text included) nor any field's value (a property the markup does not show). */
async function assertTokenAbsent(page: Page): Promise<void> {
  assert.ok(!(await page.content()).includes(TOKEN), "the token is not in the page's markup");
  const values = await page.locator("input, textarea").evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value));
  assert.ok(!values.some((value) => value.includes(TOKEN)), "no field still holds the token");
}

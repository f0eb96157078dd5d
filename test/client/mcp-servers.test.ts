// Checking an agent's MCP server through the typed client: the server (test/mcp/mcp-server-worker.ts) listed with a
// vault's credential, refused without one, and an unknown server name answered as not found.
import { describe, expect, it } from "vitest";
import { createAgent, lucidClient } from "../fixtures/lucid";
import { testClient } from "./client-fixtures";

const lucid = testClient();
const client = lucidClient();
const SERVER_URL = "https://mcp.example.com/mcp";

describe("an agent's MCP servers through the client", () => {
  it("checks a server with the vaults given, and tells a refused credential apart", async () => {
    const agent = await createAgent(client, {
      mcp_servers: [{ type: "url", name: "cases", url: SERVER_URL }],
      tools: [{ type: "mcp_toolset", mcp_server_name: "cases" }],
    } as Parameters<typeof createAgent>[1]);
    const vault = await client.beta.vaults.create({ display_name: "Cases" });
    await client.beta.vaults.credentials.create(vault.id, { auth: { type: "static_bearer", mcp_server_url: SERVER_URL, token: "mcp-test-token" } });

    const ok = await lucid.agents.checkMcpServer(agent.id, "cases", { vault_ids: [vault.id] });
    expect(ok).toMatchObject({ status: "ok", credential_sent: true });
    expect(ok.tools.map((tool) => tool.name)).toEqual(["lookup_case", "close_case"]);
    expect(await lucid.agents.checkMcpServer(agent.id, "cases")).toMatchObject({ status: "authentication_failed", credential_sent: false });
    await expect(lucid.agents.checkMcpServer(agent.id, "nope")).rejects.toMatchObject({ status: 404, type: "not_found_error" });
  });
});

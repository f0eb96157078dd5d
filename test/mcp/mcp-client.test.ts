// The official MCP SDK's client inside workerd (where Lucid's MCP toolset runs it): connects over Streamable HTTP to
// an MCP server built with the SDK's server, lists its tools and calls one, validating with the cfworker JSON Schema
// validator (the default, Ajv, compiles code with `new Function`, which workerd forbids).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker-provider.js";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const egress = env.MCP_TEST_SERVER;

async function connect(token: string) {
  const client = new Client({ name: "lucid", version: "0.1.0" }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
  const transport = new StreamableHTTPClientTransport(new URL("https://mcp.example.com/mcp"), {
    fetch: (input, init) => egress.fetch(input as RequestInfo, init),
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

describe("the MCP SDK's client in workerd", () => {
  it("lists a server's tools and calls one", async () => {
    const client = await connect("mcp-test-token");
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["lookup_case", "close_case"]);
    expect(tools[0]!.inputSchema).toMatchObject({ type: "object", properties: { case_id: { type: "string" } } });
    const result = await client.callTool({ name: "lookup_case", arguments: { case_id: "C-7" } });
    expect(result.content).toEqual([{ type: "text", text: "Case C-7: open, assigned to the legal team." }]);
    await client.close();
  });

  it("fails to connect with a wrong token, with the HTTP status to tell an authentication failure by", async () => {
    await expect(connect("wrong")).rejects.toMatchObject({ code: 401 });
  });
});

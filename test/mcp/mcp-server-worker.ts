// A Streamable HTTP MCP server for tests, built with the official MCP SDK's server and its web-standard transport, as a
// user's connector would be: one tool, `lookup_case`, behind a bearer token. Stateless (a server and transport per
// request), as a Worker serves MCP.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";

const TOKEN = "mcp-test-token";

function caseServer(): McpServer {
  const server = new McpServer({ name: "cases", version: "1.0.0" });
  server.registerTool("lookup_case", { description: "Look a case up by its id", inputSchema: { case_id: z.string() } }, async ({ case_id }) => ({
    content: [{ type: "text", text: `Case ${case_id}: open, assigned to the legal team.` }],
  }));
  return server;
}

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) {
      return new Response(JSON.stringify({ error: "invalid_token" }), { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' } });
    }
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await caseServer().connect(transport);
    return transport.handleRequest(request);
  },
};

// A Streamable HTTP MCP server for tests, built with the official MCP SDK's server and its web-standard transport, as a
// user's connector would be: `lookup_case` and `close_case` behind a bearer token. Stateless (a server and transport
// per request), as a Worker serves MCP. Other paths misbehave on purpose: /down answers 503, /broken answers what is
// not JSON-RPC, /huge lists a tool whose description is larger than Lucid takes, /slow answers after 5 s. Requests to
// auth.example.com go to the OAuth token endpoint of the tests (test/vaults/token-endpoint-worker.ts): Lucid sends
// token requests through the same egress binding as MCP traffic.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";

const TOKEN = "mcp-test-token";

function caseServer(description = "Look a case up by its id"): McpServer {
  const server = new McpServer({ name: "cases", version: "1.0.0" });
  server.registerTool("lookup_case", { description, inputSchema: { case_id: z.string() } }, async ({ case_id }) => ({
    content: [{ type: "text", text: `Case ${case_id}: open, assigned to the legal team.` }],
  }));
  server.registerTool("close_case", { description: "Close a case", inputSchema: { case_id: z.string() } }, async ({ case_id }) => ({
    content: [{ type: "text", text: `Case ${case_id} cannot be closed: it has open tasks.` }],
    isError: true,
  }));
  return server;
}

async function serve(request: Request, server: McpServer): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  return transport.handleRequest(request);
}

export default {
  async fetch(request: Request, env: { TOKEN_ENDPOINT: Fetcher }): Promise<Response> {
    if (new URL(request.url).hostname === "auth.example.com") return env.TOKEN_ENDPOINT.fetch(request);
    const path = new URL(request.url).pathname;
    if (path === "/down") return new Response("upstream unavailable", { status: 503 });
    if (path === "/broken") return new Response("<html>not an MCP server</html>", { status: 200, headers: { "content-type": "application/json" } });
    if (path === "/huge") return serve(request, caseServer("x".repeat(5 * 1024 * 1024)));
    if (path === "/slow") await new Promise((resolve) => setTimeout(resolve, 5_000));
    if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) {
      return new Response(JSON.stringify({ error: "invalid_token", received: request.headers.get("authorization") }), {
        status: 401,
        headers: { "www-authenticate": 'Bearer error="invalid_token"' },
      });
    }
    return serve(request, caseServer());
  },
};

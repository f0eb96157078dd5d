// An MCP server for trying Lucid's MCP connectors locally: one tool, `lookup_case`, over Streamable HTTP, behind a
// bearer token, built with the official MCP SDK's server (stateless: a server and transport per request).
//   MCP_TOKEN=<token> npx node examples/mcp-server.mjs      (PORT to change the default 9922)
// Lucid reaches http://127.0.0.1 only because `npm start` sets LUCID_MCP_ALLOW_LOOPBACK=true.
import { createServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const port = Number(process.env.PORT ?? 9922);
const token = process.env.MCP_TOKEN;
if (!token) {
  console.error("Set MCP_TOKEN: the bearer token this server accepts (and the one you store in a Lucid vault).");
  process.exit(2);
}

const CASES = {
  "C-7": "open, assigned to the legal team, next hearing on 12 January",
  "C-8": "closed on 3 November, settled out of court",
};

function caseServer() {
  const server = new McpServer({ name: "cases", version: "1.0.0" });
  server.registerTool("lookup_case", { description: "Look a case up by its id (C-7, C-8, …)", inputSchema: { case_id: z.string() } }, async ({ case_id }) => {
    const status = CASES[case_id];
    console.log(`lookup_case ${case_id}`);
    return status
      ? { content: [{ type: "text", text: `Case ${case_id}: ${status}.` }] }
      : { content: [{ type: "text", text: `No case ${case_id}.` }], isError: true };
  });
  return server;
}

createServer(async (request, response) => {
  if (request.headers.authorization !== `Bearer ${token}`) {
    response.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer error="invalid_token"' });
    response.end(JSON.stringify({ error: "invalid_token" }));
    return;
  }
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  response.on("close", () => transport.close());
  await caseServer().connect(transport);
  await transport.handleRequest(request, response);
}).listen(port, "127.0.0.1", () => console.log(`MCP server listening on http://127.0.0.1:${port}/mcp`));

// Lucid as an MCP client: the official MCP SDK's client over Streamable HTTP, one connection per listing or call (a
// Worker holds no socket between steps), every request under the outbound URL rules, a timeout and a response-size
// cap. Failures come back classified (authentication or connection), with the credential redacted from their text.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker-provider.js";
import type { Env } from "../env";
import { outboundUrlProblem } from "../safety/url-safety";
import type { McpServer } from "../schemas/mcp-servers";

/** How long a connection, a listing or a call may take unless told otherwise. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** The most one response may hold: a server that answers more is cut off, as a failure. */
export const MAX_MCP_RESPONSE_BYTES = 4 * 1024 * 1024;
const CLIENT_INFO = { name: "lucid", version: "0.1.0" };

/** A tool as its server lists it. */
export interface ListedMcpTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

/** Why a server could not be used: it refused the credential (401, 403), or could not be reached or understood. */
export class McpServerError extends Error {
  constructor(
    readonly kind: "authentication" | "connection",
    message: string,
  ) {
    super(message);
  }
}

export interface McpConnectionOptions {
  env: Env;
  server: McpServer;
  /** The `Authorization` header value from the session's vault, if one holds a credential for the server. */
  authorization: string | null;
  signal: AbortSignal;
  timeoutMs?: number;
  /** Told when the server says its tool list changed (`notifications/tools/list_changed`) during the exchange. */
  onToolsChanged?: () => void;
  /** Wraps the connection's fetch, for a probe that reports which request failed and what the server answered. */
  inspect?: (send: typeof fetch) => typeof fetch;
}

/** Every tool the server lists, over all its pages. */
export function listMcpTools(options: McpConnectionOptions): Promise<ListedMcpTool[]> {
  return withClient(options, async (client, request) => {
    const tools: ListedMcpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, request);
      for (const tool of page.tools) {
        tools.push({ name: tool.name, description: tool.description ?? "", input_schema: tool.inputSchema as Record<string, unknown> });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  });
}

/** The text of a call's result (other content kinds are named, not carried), and whether the server says it failed. */
export function callMcpTool(options: McpConnectionOptions, name: string, input: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  return withClient(options, async (client, request) => {
    const result = await client.callTool({ name, arguments: input }, undefined, request);
    const blocks = (result.content ?? []) as { type: string; text?: string }[];
    const text = blocks.map((block) => (block.type === "text" ? (block.text ?? "") : `[${block.type} content omitted]`)).join("\n");
    return { text, isError: result.isError === true };
  });
}

async function withClient<T>(
  options: McpConnectionOptions,
  use: (client: Client, request: { signal: AbortSignal; timeout: number }) => Promise<T>,
): Promise<T> {
  const { server, authorization } = options;
  const problem = outboundUrlProblem(server.url, options.env.LUCID_MCP_ALLOW_LOOPBACK === "true");
  if (problem) throw new McpServerError("connection", `MCP server '${server.name}': its URL ${problem}.`);
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(timeout)]);
  const client = new Client(CLIENT_INFO, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
  if (options.onToolsChanged) client.setNotificationHandler(ToolListChangedNotificationSchema, async () => options.onToolsChanged?.());
  const capped = cappedFetch(egressOf(options.env), MAX_MCP_RESPONSE_BYTES);
  const transport = new StreamableHTTPClientTransport(new URL(server.url), {
    fetch: options.inspect ? options.inspect(capped) : capped,
    requestInit: { headers: authorization ? { authorization } : {} },
  });
  try {
    await client.connect(transport, { signal, timeout });
    return await use(client, { signal, timeout });
  } catch (error) {
    throw classify(server, error, authorization, signal);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * Outbound MCP requests (and OAuth token requests for MCP credentials): through `MCP_EGRESS` where a deployment (or the
 * tests) routes them, else the internet.
 */
export function egressOf(env: Env): typeof fetch {
  const egress = env.MCP_EGRESS;
  return egress ? (input, init) => egress.fetch(input as RequestInfo, init) : (input, init) => fetch(input, init);
}

/** A fetch whose response bodies fail once they pass `maxBytes`, so a server cannot fill the Worker's memory. */
function cappedFetch(fetcher: typeof fetch, maxBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetcher(input, init);
    if (!response.body) return response;
    let seen = 0;
    const cap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new Error(`the response is larger than ${maxBytes} bytes`));
        else controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(cap), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function classify(server: McpServer, error: unknown, authorization: string | null, signal: AbortSignal): Error {
  if (error instanceof McpServerError) return error;
  const status = error instanceof StreamableHTTPError ? error.code : undefined;
  const reason =
    signal.aborted && !(error instanceof StreamableHTTPError) ? "it did not answer in time" : redact(String((error as Error)?.message ?? error), authorization);
  if (status === 401 || status === 403) {
    return new McpServerError("authentication", `MCP server '${server.name}' refused the session's credential (HTTP ${status}): ${reason}`);
  }
  return new McpServerError("connection", `MCP server '${server.name}' could not be used: ${reason}`);
}

/** Upstream messages may echo what was sent; the credential never leaves in one. */
function redact(message: string, authorization: string | null): string {
  const secret = authorization?.replace(/^Bearer\s+/i, "");
  return (secret ? message.split(secret).join("[redacted]") : message).slice(0, 1_000);
}

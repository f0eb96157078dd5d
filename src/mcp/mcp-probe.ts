// Probing an MCP server with a credential (mcp_oauth_validate): initialize and tools/list through the MCP client, and,
// when that fails, which request failed and the server's HTTP error answer, cut and scrubbed of the credential.
import type { Env } from "../env";
import type { McpProbe } from "../schemas/vault-credential";
import { shownHttpResponse } from "../vaults/shown-http-response";
import { listMcpTools, McpServerError } from "./mcp-client";

export type ProbeResult = { ok: true } | { ok: false; refused: boolean; probe: McpProbe };

/** Lists the server's tools with `authorization`; `refused` when the server turned the credential down (401, 403). */
export async function probeMcpServer(env: Env, url: string, authorization: string, secrets: readonly string[]): Promise<ProbeResult> {
  let lastMethod = "initialize";
  let failure: McpProbe | null = null;
  const inspect =
    (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
    async (input, init) => {
      const method = jsonRpcMethod(init?.body);
      if (method) lastMethod = method;
      const response = await fetch(input, init);
      if (!response.ok && method)
        failure = {
          method,
          http_response: shownHttpResponse(
            response,
            {
              text: await response
                .clone()
                .text()
                .catch(() => ""),
              complete: true,
            },
            secrets,
          ),
        };
      return response;
    };
  try {
    await listMcpTools({
      env,
      server: { type: "url", name: "validation", url },
      authorization,
      signal: new AbortController().signal,
      timeoutMs: Number(env.LUCID_MCP_TIMEOUT_MS ?? 30_000),
      inspect,
    });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof McpServerError)) throw error;
    return { ok: false, refused: error.kind === "authentication", probe: failure ?? { method: lastMethod, http_response: null } };
  }
}

/** The JSON-RPC method a POST carries (the client sends one message per request); null for other requests. */
function jsonRpcMethod(body: RequestInit["body"]): string | null {
  if (typeof body !== "string") return null;
  try {
    const method = (JSON.parse(body) as { method?: unknown }).method;
    return typeof method === "string" ? method : null;
  } catch {
    return null;
  }
}

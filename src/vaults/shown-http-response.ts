// An HTTP error answer (from a token endpoint or an MCP server) as mcp_oauth_validate shows it: its status and type, its
// body cut, with every secret the credential sent scrubbed out (a server may echo what it received).
import type { RefreshHttpResponse } from "../schemas/vault-credential";

/** The most of a body kept to show. */
const MAX_SHOWN_BODY_CHARS = 4_096;

/** `complete` is false when the body was already cut on reading. */
export function shownHttpResponse(response: Response, body: { text: string; complete: boolean }, secrets: readonly string[]): RefreshHttpResponse {
  let text = body.text;
  for (const secret of secrets) if (secret) text = text.split(secret).join("[redacted]");
  return {
    status_code: response.status,
    content_type: response.headers.get("content-type") ?? "",
    body: text.slice(0, MAX_SHOWN_BODY_CHARS),
    body_truncated: !body.complete || text.length > MAX_SHOWN_BODY_CHARS,
  };
}

// The OAuth refresh-token grant (RFC 6749 §6) against an mcp_oauth credential's token endpoint: the form with the
// client authentication the credential names (§2.3.1), under the outbound URL rules, a timeout and a size cap, through
// the same egress as MCP traffic, its answer checked with zod. Never throws: a failure is an outcome whose reason and
// captured response hold no secret.
import type { Env } from "../env";
import { egressOf } from "../mcp/mcp-client";
import { outboundUrlProblem } from "../safety/url-safety";
import { type McpOAuthAuthResponse, OAuthTokenResponse, type RefreshHttpResponse } from "../schemas/vault-credential";
import { shownHttpResponse } from "./shown-http-response";

/** How long a token endpoint may take to answer. */
const TOKEN_TIMEOUT_MS = 10_000;
/** The most a token endpoint's answer may hold; a token response is a few KiB at most. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

export type RefreshSettings = NonNullable<McpOAuthAuthResponse["refresh"]>;

export interface RefreshGrant {
  refresh: RefreshSettings;
  refresh_token: string;
  /** For client_secret_basic and client_secret_post; null for none. */
  client_secret: string | null;
}

export type RefreshOutcome =
  | { status: "succeeded"; access_token: string; expires_in: number | null; refresh_token: string | null }
  /** `failed`: the endpoint answered, with an error or what is not a token; `connect_error`: it could not be reached. */
  | { status: "failed" | "connect_error"; reason: string; http_response: RefreshHttpResponse | null };

/** Why Lucid may not send a refresh token to this endpoint, or null when it may (checked on create and before each use). */
export function tokenEndpointProblem(env: Env, tokenEndpoint: string): string | null {
  return outboundUrlProblem(tokenEndpoint, env.LUCID_MCP_ALLOW_LOOPBACK === "true");
}

export async function requestTokenRefresh(env: Env, grant: RefreshGrant): Promise<RefreshOutcome> {
  const { refresh } = grant;
  const problem = tokenEndpointProblem(env, refresh.token_endpoint);
  if (problem) return { status: "connect_error", reason: `its token endpoint ${problem}`, http_response: null };
  const { body, headers } = refreshRequest(grant);
  const secrets = [grant.refresh_token, grant.client_secret ?? ""];
  let response: Response;
  let text: { text: string; complete: boolean };
  try {
    // No redirects: one would lead the refresh token past the URL check.
    response = await egressOf(env)(refresh.token_endpoint, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    text = await readCapped(response, MAX_TOKEN_RESPONSE_BYTES);
  } catch (error) {
    const timedOut = (error as Error)?.name === "TimeoutError" || (error as Error)?.name === "AbortError";
    return {
      status: "connect_error",
      reason: timedOut ? `its token endpoint did not answer within ${TOKEN_TIMEOUT_MS / 1000} s` : "its token endpoint could not be reached",
      http_response: null,
    };
  }
  if (!response.ok) {
    const code = oauthErrorCode(text.text);
    return {
      status: "failed",
      reason: `its token endpoint answered HTTP ${response.status}${code ? ` (${code})` : ""}`,
      http_response: shownHttpResponse(response, text, secrets),
    };
  }
  const parsed = text.complete ? OAuthTokenResponse.safeParse(jsonOrNull(text.text)) : null;
  if (!parsed?.success) {
    // A 2xx body may hold a token: it is never shown, only its status and type.
    return {
      status: "failed",
      reason: `its token endpoint's answer is not a token response${text.complete ? "" : ` (larger than ${MAX_TOKEN_RESPONSE_BYTES} bytes)`}`,
      http_response: shownHttpResponse(response, { text: "", complete: true }, secrets),
    };
  }
  return {
    status: "succeeded",
    access_token: parsed.data.access_token,
    expires_in: parsed.data.expires_in ?? null,
    refresh_token: parsed.data.refresh_token ?? null,
  };
}

/** The form (application/x-www-form-urlencoded) and headers of the grant, with the client authenticated as configured. */
export function refreshRequest(grant: RefreshGrant): { body: string; headers: Record<string, string> } {
  const { refresh } = grant;
  const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: grant.refresh_token });
  if (refresh.scope) form.set("scope", refresh.scope);
  if (refresh.resource) form.set("resource", refresh.resource);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  const method = refresh.token_endpoint_auth.type;
  if (method === "client_secret_basic") {
    // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
    headers.authorization = `Basic ${btoa(`${formEncoded(refresh.client_id)}:${formEncoded(grant.client_secret ?? "")}`)}`;
  } else {
    form.set("client_id", refresh.client_id);
    if (method === "client_secret_post") form.set("client_secret", grant.client_secret ?? "");
  }
  return { body: form.toString(), headers };
}

const formEncoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/** The body as text up to `maxBytes`; `complete` is false when there was more. */
async function readCapped(response: Response, maxBytes: number): Promise<{ text: string; complete: boolean }> {
  if (!response.body) return { text: "", complete: true };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.slice(0, maxBytes - size));
      await reader.cancel();
      return { text: new TextDecoder().decode(concat(chunks)), complete: false };
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(concat(chunks)), complete: true };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The RFC 6749 §5.2 `error` code, when it is one (a short token, safe to repeat); never its free-text description. */
function oauthErrorCode(text: string): string | null {
  const error = (jsonOrNull(text) as { error?: unknown } | null)?.error;
  return typeof error === "string" && /^[\w.-]{1,64}$/.test(error) ? error : null;
}

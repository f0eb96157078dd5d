// web_fetch's one request: every hop (redirects followed by hand, at most MAX_REDIRECTS) held to the outbound URL rules
// (src/safety/url-safety.ts) and the agent's domain lists, under one timeout and a response-size cap; HTML read as text
// (web-page-text.ts), plain text and JSON passed through, anything else refused. Every failure is a reason the model
// can act on, never an exception.
import type { Env } from "../env";
import { outboundUrlProblem } from "../safety/url-safety";
import { type DomainPolicy, domainPolicyProblem } from "./web-domains";
import { htmlToText } from "./web-page-text";
import { BodyTooLarge, readCappedBytes, webEgressOf, webTimeoutMs } from "./web-requests";

/** Redirects one fetch follows; a longer chain is refused. */
export const MAX_REDIRECTS = 5;
/** The most bytes of one response read; a larger page is refused rather than cut mid-markup. */
export const MAX_WEB_RESPONSE_BYTES = 5 * 1024 * 1024;

const USER_AGENT = "Lucid-WebFetch/0.1";
const ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,text/*;q=0.8";

export type FetchedPage = { ok: true; url: string; title: string; text: string } | { ok: false; reason: string };

export interface WebFetchOptions {
  env: Env;
  policy: DomainPolicy | undefined;
  signal: AbortSignal;
}

export async function fetchPage(rawUrl: string, { env, policy, signal }: WebFetchOptions): Promise<FetchedPage> {
  const timeoutMs = webTimeoutMs(env);
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  const send = webEgressOf(env);
  const allowLoopback = env.LUCID_WEB_ALLOW_LOOPBACK === "true";
  let url = rawUrl;
  try {
    for (let hop = 0; ; hop++) {
      const refused = hopProblem(url, allowLoopback, policy);
      if (refused)
        return { ok: false, reason: hop === 0 ? `Cannot fetch ${url}: ${refused}.` : `Cannot follow the redirect from ${rawUrl} to ${url}: ${refused}.` };
      const response = await send(new Request(url, { redirect: "manual", signal: deadline, headers: { accept: ACCEPT, "user-agent": USER_AGENT } }));
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (hop === MAX_REDIRECTS) return { ok: false, reason: `${rawUrl} redirects more than ${MAX_REDIRECTS} times; not followed further.` };
        url = new URL(location, url).href;
        continue;
      }
      return await readPage(url, response);
    }
  } catch (error) {
    if (error instanceof BodyTooLarge) return { ok: false, reason: `${url} is too large to read: ${error.message}.` };
    if (signal.aborted) throw error;
    if (deadline.aborted) return { ok: false, reason: `${url} did not answer within ${timeoutMs / 1000} s.` };
    return { ok: false, reason: `${url} could not be fetched: ${String((error as Error)?.message ?? error).slice(0, 500)}` };
  }
}

/** Why a hop may not be fetched (the outbound rules, then the agent's domains), or null. */
function hopProblem(url: string, allowLoopback: boolean, policy: DomainPolicy | undefined): string | null {
  const unsafe = outboundUrlProblem(url, allowLoopback);
  return unsafe ? `the URL ${unsafe}` : domainPolicyProblem(new URL(url), policy);
}

async function readPage(url: string, response: Response): Promise<FetchedPage> {
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, reason: `${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.` };
  }
  const contentType = response.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  const kind = kindOf(mediaType);
  if (!kind) {
    await response.body?.cancel();
    return {
      ok: false,
      reason: `${url} is ${mediaType || "of no stated content type"}; web_fetch reads HTML, plain text and JSON only.`,
    };
  }
  const bytes = await readCappedBytes(response, MAX_WEB_RESPONSE_BYTES);
  if (kind === "html") {
    const page = await htmlToText(new Response(bytes, { headers: { "content-type": contentType } }), url);
    return { ok: true, url, ...page };
  }
  return { ok: true, url, title: "", text: decodeText(bytes, contentType) };
}

function kindOf(mediaType: string): "html" | "text" | null {
  if (mediaType === "text/html" || mediaType === "application/xhtml+xml") return "html";
  if (mediaType.startsWith("text/") || mediaType === "application/json" || mediaType.endsWith("+json")) return "text";
  return null;
}

/** Text in the charset the response names, UTF-8 when it names none (or one the runtime does not know). */
function decodeText(bytes: Uint8Array, contentType: string): string {
  const charset = /charset="?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes);
  }
}

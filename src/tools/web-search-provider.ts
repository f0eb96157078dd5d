// Where web_search's results come from: a provider the operator configures. Lucid ships one, an HTTP JSON search API
// at LUCID_WEB_SEARCH_URL (any search service fits behind a small adapter that speaks it; docs/guides/web-tools.md):
//
//   POST <LUCID_WEB_SEARCH_URL>   authorization: Bearer <LUCID_WEB_SEARCH_KEY> (when set)
//   {"query": "...", "max_results": 10, "allowed_domains"?: [...], "blocked_domains"?: [...], "user_location"?: {...}}
//   → 200 {"results": [{"title": "...", "url": "https://...", "snippet": "..."}]}
//
// Without a provider, web_search is not offered, and an agent that enables it by name is refused when saved.
import { z } from "zod";
import type { Env } from "../env";
import { invalidRequest } from "../platform/errors";
import { type ToolConfig, toolConfigOf } from "../schemas/agent-toolset";
import { BodyTooLarge, readCappedBytes, webEgressOf, webTimeoutMs } from "./web-requests";

export interface WebSearchQuery {
  query: string;
  max_results: number;
  /** The agent's domain lists and location, for a provider that can narrow or localise by them (Lucid filters too). */
  allowed_domains?: string[];
  blocked_domains?: string[];
  user_location?: ToolConfig["user_location"];
}

export interface WebSearchResult {
  title: string;
  url: string;
  snippet: string;
}

/** A search provider could not answer; the message is for the model and never holds the provider's key. */
export class WebSearchError extends Error {}

export interface WebSearchProvider {
  /** What the operator configured, for messages (never a secret). */
  readonly description: string;
  search(query: WebSearchQuery, signal: AbortSignal): Promise<WebSearchResult[]>;
}

/** The most bytes of a search API's answer read. */
const MAX_SEARCH_RESPONSE_BYTES = 1024 * 1024;

const SearchResponse = z.object({
  results: z.array(
    z.object({
      title: z.string().catch(""),
      url: z.string(),
      snippet: z.string().nullish(),
    }),
  ),
});

/** The operator's search provider, or null when none is configured. */
export function webSearchProviderOf(env: Env): WebSearchProvider | null {
  const endpoint = env.LUCID_WEB_SEARCH_URL?.trim();
  return endpoint ? httpJsonProvider(env, endpoint, env.LUCID_WEB_SEARCH_KEY?.trim() || null) : null;
}

/** Refuses an agent whose toolset enables web_search by name when the deployment has no search provider to run it. */
export function refuseWebSearchWithoutProvider(env: Env, tools: readonly { type: string }[] | null | undefined): void {
  if (tools && toolConfigOf(tools, "web_search")?.enabled && !webSearchProviderOf(env)) {
    throw invalidRequest(
      "tools: the web_search tool cannot be enabled: this deployment has no web search provider. The operator configures one with LUCID_WEB_SEARCH_URL (and LUCID_WEB_SEARCH_KEY), see docs/guides/web-tools.md; or set enabled: false for web_search.",
    );
  }
}

function httpJsonProvider(env: Env, endpoint: string, key: string | null): WebSearchProvider {
  return {
    description: "the configured search API",
    async search(query, signal) {
      const timeoutMs = webTimeoutMs(env);
      const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      let response: Response;
      let bytes: Uint8Array;
      try {
        response = await webEgressOf(env)(
          new Request(endpoint, {
            method: "POST",
            signal: deadline,
            headers: { "content-type": "application/json", accept: "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
            body: JSON.stringify(query),
          }),
        );
        if (!response.ok) {
          await response.body?.cancel();
          throw new WebSearchError(`The search provider answered HTTP ${response.status}; try again later.`);
        }
        bytes = await readCappedBytes(response, MAX_SEARCH_RESPONSE_BYTES);
      } catch (error) {
        if (error instanceof WebSearchError || signal.aborted) throw error;
        if (error instanceof BodyTooLarge) throw new WebSearchError(`The search provider's answer is too large: ${error.message}.`);
        if (deadline.aborted) throw new WebSearchError(`The search provider did not answer within ${timeoutMs / 1000} s.`);
        throw new WebSearchError("The search provider could not be reached; try again later.");
      }
      let parsed: z.infer<typeof SearchResponse>;
      try {
        parsed = SearchResponse.parse(JSON.parse(new TextDecoder().decode(bytes)));
      } catch {
        throw new WebSearchError("The search provider answered something other than {results: [{title, url, snippet}]}.");
      }
      return parsed.results.map((result) => ({ title: result.title, url: result.url, snippet: result.snippet ?? "" }));
    },
  };
}

// The web tools of the agent toolset (web_fetch, web_search), run by Lucid in every environment: the SDK's worker
// toolset has no web tools, so a self-hosted session is offered them beside the worker's and Lucid runs them. Fetching
// is web-fetch.ts (outbound URL rules on every redirect, a timeout, a size cap, HTML as readable text); searching is
// the operator's provider (web-search-provider.ts), offered only where one is configured.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { toolInputSchema } from "../model/tool-input-schema";
import { enabledWebToolsOf, permissionPolicyOf, toolConfigOf, type WebTool } from "../schemas/agent-toolset";
import { MAX_TOOL_RESULT_CHARS } from "../schemas/limits";
import { invalidToolInput, type ToolOutcome, toolFailed, toolInterrupted, toolSucceeded } from "./tool-outcome";
import type { ToolContext, Toolset } from "./toolset";
import { domainPolicyProblem } from "./web-domains";
import { fetchPage } from "./web-fetch";
import { urlSourceProblem } from "./web-url-sources";
import { WebSearchError, type WebSearchResult, webSearchProviderOf } from "./web-search-provider";

/** Longer URLs are refused (the Messages API's own web fetch refuses long ones too, `url_too_long`). */
const MAX_URL_CHARS = 2_048;
/** Results one search asks its provider for. */
const SEARCH_RESULTS = 10;
/** max_content_tokens is counted in characters at about this many per token. */
const CHARS_PER_TOKEN = 4;

// The inputs of the Messages API's own web_fetch and web_search tools.
const Inputs = {
  web_fetch: z.object({
    url: z
      .string()
      .min(1)
      .max(MAX_URL_CHARS)
      .describe("The absolute http(s) URL to fetch: one the user gave, or one from an earlier web_search or web_fetch result."),
  }),
  web_search: z.object({ query: z.string().min(1).max(1_000).describe("What to search the web for.") }),
} satisfies Record<WebTool, z.ZodObject>;

const DESCRIPTIONS: Record<WebTool, string> = {
  web_fetch:
    "Fetch a web page and read it as text: HTML pages come back as their title, headings, paragraphs, lists and links ([text](url)); plain text and JSON as they are. Other content types (images, PDFs, binaries) are refused.",
  web_search: "Search the web. Returns up to 10 results, each with its title, URL and a snippet; fetch a result with web_fetch to read it.",
};

/** The web tools this session is offered: those its toolset enables, web_search only with a search provider. */
function offeredWebTools(context: ToolContext): WebTool[] {
  return enabledWebToolsOf(context.agent.tools).filter((name) => name !== "web_search" || webSearchProviderOf(context.env) !== null);
}

const isWebTool = (name: string): name is WebTool => name in Inputs;

export const webTools: Toolset = {
  family: "web",
  definitions: (context): Anthropic.Tool[] =>
    offeredWebTools(context).map((name) => ({ name, description: DESCRIPTIONS[name], input_schema: toolInputSchema(Inputs[name]) })),
  owns: (name, context) => isWebTool(name) && offeredWebTools(context).includes(name),
  permission: (name, context) => permissionPolicyOf(context.agent.tools, name),
  async run(call, context, signal): Promise<ToolOutcome> {
    if (signal.aborted) return toolInterrupted();
    try {
      if (call.name === "web_fetch") return await runFetch(call.input, context, signal);
      if (call.name === "web_search") return await runSearch(call.input, context, signal);
      return toolFailed(`Unknown web tool '${call.name}'.`);
    } catch (error) {
      if (signal.aborted) return toolInterrupted();
      throw error;
    }
  },
};

async function runFetch(rawInput: unknown, context: ToolContext, signal: AbortSignal): Promise<ToolOutcome> {
  const input = Inputs.web_fetch.safeParse(rawInput);
  if (!input.success) return invalidToolInput("web_fetch", input.error);
  const config = toolConfigOf(context.agent.tools, "web_fetch");
  // The URL the model gives must come from a source url_sources allows; where a redirect leads is held to the domain lists.
  const unshown = urlSourceProblem(input.data.url, config?.url_sources, config?.url_sources ? context.shownTexts() : []);
  if (unshown) return toolFailed(unshown);
  const page = await fetchPage(input.data.url, { env: context.env, policy: config, signal });
  if (!page.ok) return toolFailed(page.reason);
  const head = [`Fetched ${page.url}`, ...(page.title ? [`Title: ${page.title}`] : [])].join("\n");
  const maxTokens = config?.max_content_tokens ?? null;
  const tokenLimit = maxTokens === null ? Infinity : maxTokens * CHARS_PER_TOKEN;
  const resultLimit = MAX_TOOL_RESULT_CHARS - head.length - 200;
  const limit = Math.min(tokenLimit, resultLimit);
  if (page.text.length <= limit) return toolSucceeded(`${head}\n\n${page.text || "(the page has no text)"}`);
  const why = tokenLimit <= resultLimit ? `about ${maxTokens} tokens (the agent's max_content_tokens)` : "the most one tool result holds";
  const rest = page.text.length - limit;
  return toolSucceeded(`${head}\n\n${page.text.slice(0, limit)}\n\n(content cut at ${why}; ${rest.toLocaleString("en-US")} more characters not shown)`);
}

async function runSearch(rawInput: unknown, context: ToolContext, signal: AbortSignal): Promise<ToolOutcome> {
  const input = Inputs.web_search.safeParse(rawInput);
  if (!input.success) return invalidToolInput("web_search", input.error);
  const provider = webSearchProviderOf(context.env);
  if (!provider) return toolFailed("web_search is not available: this deployment has no web search provider.");
  const config = toolConfigOf(context.agent.tools, "web_search");
  let results: WebSearchResult[];
  try {
    results = await provider.search(
      {
        query: input.data.query,
        max_results: SEARCH_RESULTS,
        ...(config?.allowed_domains ? { allowed_domains: config.allowed_domains } : {}),
        ...(config?.blocked_domains ? { blocked_domains: config.blocked_domains } : {}),
        ...(config?.user_location ? { user_location: config.user_location } : {}),
      },
      signal,
    );
  } catch (error) {
    if (error instanceof WebSearchError) return toolFailed(error.message);
    throw error;
  }
  // The provider may not honour the agent's domain lists: Lucid holds every result to them itself.
  const kept = results.filter((result) => {
    const url = URL.canParse(result.url) ? new URL(result.url) : null;
    return url !== null && (url.protocol === "https:" || url.protocol === "http:") && domainPolicyProblem(url, config) === null;
  });
  if (kept.length === 0) return toolSucceeded(`No results for "${input.data.query}".`);
  const lines = kept
    .slice(0, SEARCH_RESULTS)
    .map((result, index) =>
      [`${index + 1}. ${oneLine(result.title) || "(untitled)"}`, `   ${result.url}`, ...(result.snippet ? [`   ${oneLine(result.snippet)}`] : [])].join("\n"),
    );
  return toolSucceeded(`Results for "${input.data.query}":\n\n${lines.join("\n\n")}`.slice(0, MAX_TOOL_RESULT_CHARS));
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 1_000);

// url_sources on web_fetch: which parts of the conversation may supply the URLs it fetches. Unset (null), any URL may
// be fetched. Set, only a URL the conversation has already shown the model from a source it allows: a user message
// (`user_input`), a custom tool's result (`client_tool_results`), an earlier web_search or web_fetch result
// (`server_tool_results`); a key left null allows its source, `only` and `except` name tools.
import type { UrlSourceFilter, UrlSources } from "../schemas/agent-toolset";

/** A text the model was shown, and where it came from (the tool whose result it is, for tool results). */
export interface ShownText {
  source: "user_input" | "client_tool_results" | "server_tool_results";
  tool: string | null;
  text: string;
}

function allows(filter: UrlSourceFilter | null, tool: string | null): boolean {
  if (filter === null || filter.type === "all") return true;
  if (filter.type === "none") return false;
  const named = filter.tools.some((reference) => reference.name === tool);
  return filter.type === "only" ? named : !named;
}

const allowed = (sources: UrlSources, shown: ShownText) =>
  shown.source === "user_input" ? (sources.user_input?.type ?? "all") === "all" : allows(sources[shown.source], shown.tool);

/** Why `url` may not be fetched under `sources` (it was not shown from an allowed source), or null when it may. */
export function urlSourceProblem(url: string, sources: UrlSources | null | undefined, shown: readonly ShownText[]): string | null {
  if (!sources) return null;
  // The model may quote a URL as it was written or as the URL parser normalises it (a trailing slash, a lowercased host).
  const forms = new Set([url]);
  if (URL.canParse(url)) forms.add(new URL(url).href);
  if (shown.some((entry) => allowed(sources, entry) && [...forms].some((form) => entry.text.includes(form)))) return null;
  return `web_fetch may fetch only a URL the conversation has already shown from a source its url_sources allows; ${url} was not shown in one. Ask the user for it, or use a URL from an allowed result.`;
}

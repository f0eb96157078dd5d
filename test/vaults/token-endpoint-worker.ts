// An OAuth token endpoint for tests (RFC 6749 §6 refresh grants), an auxiliary Worker that test/mcp/mcp-server-worker.ts
// forwards `auth.example.com` to, since Lucid sends token requests through MCP_EGRESS. Each scenario is the URL's first
// path segment (https://auth.example.com/<scenario>/token): its requests are recorded, and it answers what the test
// scripted for it (a token response issuing the MCP test server's token once the script runs out).
// Control routes on http://token.control/: POST /script/<scenario> {answers}, GET /requests/<scenario>.

export interface TokenRequest {
  authorization: string | null;
  content_type: string | null;
  form: Record<string, string>;
}

/** One scripted answer: a status and a JSON body (or raw text), after an optional delay. */
export interface ScriptedAnswer {
  status?: number;
  body?: unknown;
  text?: string;
  delay_ms?: number;
}

const ISSUED = { access_token: "mcp-test-token", token_type: "Bearer", expires_in: 3600 };

const requests = new Map<string, TokenRequest[]>();
const scripts = new Map<string, ScriptedAnswer[]>();

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const [first, second] = url.pathname.split("/").filter(Boolean);
    if (url.hostname === "token.control") {
      if (request.method === "POST" && first === "script" && second) {
        scripts.set(second, ((await request.json()) as { answers: ScriptedAnswer[] }).answers);
        return new Response("ok");
      }
      if (first === "requests" && second) return Response.json(requests.get(second) ?? []);
      return new Response("unknown control route", { status: 404 });
    }
    const scenario = first ?? "";
    const form = Object.fromEntries([...(await request.formData())].map(([name, value]) => [name, String(value)]));
    // Recorded as it arrives, before any scripted delay, so concurrent requests are all counted.
    const seen = { authorization: request.headers.get("authorization"), content_type: request.headers.get("content-type"), form };
    requests.set(scenario, [...(requests.get(scenario) ?? []), seen]);
    const answer = scripts.get(scenario)?.shift() ?? {};
    if (answer.delay_ms) await new Promise((resolve) => setTimeout(resolve, answer.delay_ms));
    if (answer.text !== undefined) return new Response(answer.text, { status: answer.status ?? 200, headers: { "content-type": "text/plain" } });
    return Response.json(answer.body ?? ISSUED, { status: answer.status ?? 200, headers: { "cache-control": "no-store" } });
  },
};

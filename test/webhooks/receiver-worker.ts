// A webhook receiver for tests, bound to Lucid as WEBHOOK_EGRESS: it records every delivery in an inbox named by
// the URL's first path segment and answers with the statuses a test scripted for that inbox (200 once they run out).
// Control routes on http://receiver.control/: POST /script/<inbox> {statuses}, GET /inbox/<inbox>.

interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

const inboxes = new Map<string, Received[]>();
const scripts = new Map<string, number[]>();

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const [first, second] = url.pathname.split("/").filter(Boolean);
    if (url.hostname === "receiver.control") {
      if (request.method === "POST" && first === "script" && second) {
        scripts.set(second, ((await request.json()) as { statuses: number[] }).statuses);
        return new Response("ok");
      }
      if (first === "inbox" && second) return Response.json(inboxes.get(second) ?? []);
      return new Response("unknown control route", { status: 404 });
    }
    const inbox = first ?? "";
    const body = await request.text();
    // Deliveries arrive concurrently: take the status and record the request with no await in between.
    const status = scripts.get(inbox)?.shift() ?? 200;
    inboxes.set(inbox, [...(inboxes.get(inbox) ?? []), { url: request.url, headers: Object.fromEntries(request.headers), body, status }]);
    if (status >= 300 && status < 400) return new Response(null, { status, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
    return new Response(status < 300 ? "received" : "receiver says no ".repeat(200), { status });
  },
};

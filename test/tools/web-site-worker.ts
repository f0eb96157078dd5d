// A small web for the web tools' tests, reached through Lucid's WEB_EGRESS binding: pages on a few example.com hosts
// (HTML with chrome to drop, text, JSON, an image, redirects, a huge and a slow page) and a search API in the shape
// LUCID_WEB_SEARCH_URL documents, at search.example.com, behind a bearer token.

const SEARCH_KEY = "web-search-test-key";

const GUIDE = `<!doctype html>
<html><head><title>Lucid field guide</title><style>body { color: red }</style><script>var secret = "SCRIPT-TEXT";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">NAV-CHROME</a></nav>
<main>
<h1>Getting started</h1>
<p>Lucid runs agents on <b>Cloudflare Workers</b> &amp; keeps their memory.</p>
<h2>Next steps</h2>
<ul><li>Create an agent</li><li>Read the <a href="/docs/sessions">session docs</a></li></ul>
</main>
<footer>FOOTER-CHROME</footer>
</body></html>`;

const LONG_TEXT = Array.from({ length: 400 }, (_, i) => `Line ${i} of a long document.`).join("\n");

function page(body: string | ReadableStream, contentType: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": contentType } });
}

const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

/** 6 MiB in chunks, with no content-length: a cap must stop reading it. */
function hugeBody(): ReadableStream {
  const chunk = new TextEncoder().encode(`${"x".repeat(1023)}\n`.repeat(64));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= 6 * 1024 * 1024) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

async function search(request: Request): Promise<Response> {
  if (request.headers.get("authorization") !== `Bearer ${SEARCH_KEY}`) return page('{"error":"unauthorized"}', "application/json", 401);
  const { query } = (await request.json()) as { query: string };
  if (query === "broken") return page("<html>not json</html>", "application/json");
  return Response.json({
    results: [
      { title: `About ${query}`, url: "https://docs.example.com/guide", snippet: "The Lucid field guide." },
      { title: "Ads", url: "https://ads.example.com/offer", snippet: "Buy now." },
      { title: "Not a web page", url: "javascript:alert(1)", snippet: "" },
    ],
  });
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.host === "search.example.com" && url.pathname === "/search" && request.method === "POST") return search(request);
    switch (url.pathname) {
      case "/guide":
        return page(GUIDE, "text/html; charset=utf-8");
      case "/data.json":
        return page('{"status":"green","items":[1,2,3]}', "application/json");
      case "/notes.txt":
        return page("Plain notes, passed through as they are.", "text/plain");
      case "/long.txt":
        return page(LONG_TEXT, "text/plain");
      case "/logo.png":
        return page("\x89PNG not really", "image/png");
      case "/moved":
        return redirect("/guide", 301);
      case "/to-private":
        return redirect("http://10.0.0.5/admin");
      case "/to-metadata":
        return redirect("http://169.254.169.254/latest/meta-data/");
      case "/to-blocked":
        return redirect("https://ads.example.com/guide");
      case "/loop":
        return redirect("/loop");
      case "/huge":
        return page(hugeBody(), "text/plain");
      case "/slow":
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        return page("too late", "text/plain");
      case "/missing":
        return page("not here", "text/plain", 404);
      default:
        return page("no such page", "text/plain", 404);
    }
  },
};

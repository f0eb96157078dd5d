// The dashboard's built files behind the Worker's assets binding, and the API still answering as the Worker.
// In production the platform's asset router serves the files before the Worker runs (wrangler.toml [assets]); here
// the binding is asked directly, and the real routing is exercised by the browser test against `npm start`.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const origin = "http://lucid.test";

async function scriptPathOf(html: string): Promise<string> {
  const match = html.match(/<script type="module"[^>]* src="\.\/(assets\/index-[\w-]+\.js)"/);
  expect(match, "index.html loads the dashboard's script").not.toBeNull();
  return match![1]!;
}

describe("dashboard assets", () => {
  it("serves the built index.html at / without an API key", async () => {
    const response = await env.ASSETS.fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<div id="app"></div>');
    await scriptPathOf(html);
  });

  it("serves the script and stylesheet the page loads", async () => {
    const html = await (await env.ASSETS.fetch(`${origin}/`)).text();
    const script = await env.ASSETS.fetch(`${origin}/${await scriptPathOf(html)}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const stylesheet = html.match(/href="\.\/(assets\/index-[\w-]+\.css)"/)![1];
    expect((await env.ASSETS.fetch(`${origin}/${stylesheet}`)).headers.get("content-type")).toMatch(/^text\/css/);
  });

  it("answers 404 for a file the build does not have", async () => {
    expect((await env.ASSETS.fetch(`${origin}/no-such-page.txt`)).status).toBe(404);
  });

  it("leaves /v1/* to the API, which asks for a key", async () => {
    const response = await exports.default.fetch(new Request(`${origin}/v1/agents`));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });

  it("answers an unknown path outside the dashboard's files with the API's 404", async () => {
    const response = await exports.default.fetch(new Request(`${origin}/no-such-page.txt`));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });
});

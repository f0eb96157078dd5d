// Transcript pages: up to 1,000 events (what the SDK's worker asks for), but a page of large events ends before
// MAX_EVENT_PAGE_BYTES with a next_page, and the pages together hold every event once, in order.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_EVENT_PAGE_BYTES } from "../../src/schemas/limits";
import { appendEvent } from "../../src/transcript/event-log";
import { api, createAgent, createEnvironment, lucidClient } from "../fixtures/lucid";

const client = lucidClient();

describe("transcript pages", () => {
  it("end before the byte budget with a next_page, and hold every event once across pages", async () => {
    const agent = await createAgent(client);
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    const text = "x".repeat(900_000);
    const ids = await runInDurableObject(env.AGENT.getByName(agent.id), (_instance, state) =>
      Array.from({ length: 10 }, () => appendEvent(state.storage.sql, session.id, "agent.message", { content: [{ type: "text", text }] }).event.id),
    );

    const seen: string[] = [];
    let page: string | null = null;
    let pages = 0;
    do {
      const response = await api(`/v1/sessions/${session.id}/events?limit=1000${page ? `&page=${encodeURIComponent(page)}` : ""}`);
      const body = (await response.json()) as { data: { id: string }[]; next_page: string | null };
      expect(JSON.stringify(body.data).length).toBeLessThan(MAX_EVENT_PAGE_BYTES + 1_000_000);
      seen.push(...body.data.map((event) => event.id));
      page = body.next_page;
      pages++;
    } while (page);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(ids);
  });
});

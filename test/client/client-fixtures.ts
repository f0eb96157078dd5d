// Test fixtures for the typed client: a LucidClient whose transport is the Lucid Worker under test, and helpers
// that break its connections on purpose.
import { LucidClient, type LucidClientOptions } from "../../client/index";
import { ADMIN_KEY, lucidFetch } from "../fixtures/lucid";

export const BASE_URL = "http://lucid.test";

/** The client as a user would make it, its fetch pointed into workerd; no retries unless a test asks for them. */
export function testClient(apiKey = ADMIN_KEY, options: Partial<LucidClientOptions> = {}): LucidClient {
  return new LucidClient({ baseURL: BASE_URL, apiKey, fetch: lucidFetch, maxRetries: 0, ...options });
}

/** A tenant of its own (through the admin key) and a client holding its key. */
export async function newTenant(name = "client tenant"): Promise<{ key: string; tenantId: string; lucid: LucidClient }> {
  const created = await testClient().apiKeys.create({ name });
  return { key: created.key, tenantId: created.tenant_id, lucid: testClient(created.key) };
}

/** A fetch that answers from `script` while it lasts (one entry per call), then passes requests on to the Worker. */
export function scriptedFetch(script: (() => Response | Promise<Response>)[]): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const scripted = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    const next = script.shift();
    return next ? next() : lucidFetch(request);
  };
  return Object.assign(scripted, { calls });
}

/** An SSE body cut after its first `events` event frames, as a dropped connection would end it. */
export function cutSseBody(body: ReadableStream<Uint8Array>, events: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = "";
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const frame = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          controller.enqueue(encoder.encode(frame));
          if (frame.includes("\nid: ") && ++sent === events) {
            controller.close();
            await reader.cancel();
          }
          return;
        }
        const chunk = await reader.read();
        if (chunk.done) return controller.close();
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  });
}

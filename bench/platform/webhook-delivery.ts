// Webhook delivery: latency from asking for an event (a test event) to its verified arrival at a local receiver, and
// deliveries per second when many are asked for at once. A delivery's `webhook_id` is its event's id.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";

export interface WebhookSamples {
  latencyMs: number[];
  burst: { deliveries: number; seconds: number; deliveries_per_second: number };
}

interface Receiver {
  url: string;
  /** Resolves with the arrival time of the event once it has arrived, verified. */
  arrival(eventId: string): Promise<number>;
  close(): Promise<void>;
}

/** `latencyRuns` events one at a time (each waited for), then `burst` at once. */
export async function measureWebhookDelivery(lucid: { url: string; adminKey: string }, latencyRuns: number, burst: number): Promise<WebhookSamples> {
  const client = new Anthropic({ apiKey: lucid.adminKey, baseURL: lucid.url, maxRetries: 0 });
  let secret = "";
  const receiver = await startReceiver((body, headers) => client.beta.webhooks.unwrap(body, { headers: singleValued(headers), key: secret }).id);
  try {
    // Loopback receivers are allowed because the harness starts Lucid with LUCID_WEBHOOKS_ALLOW_LOOPBACK=true.
    const endpoint = (await client.post("/v1/webhooks", { body: { url: receiver.url, enabled_events: ["session.status_idled"], name: "bench receiver" } })) as {
      id: string;
      signing_secret: string;
    };
    secret = endpoint.signing_secret;
    const send = async () => {
      const sentAt = performance.now();
      const delivery = (await client.post(`/v1/webhooks/${endpoint.id}/test`)) as { webhook_id: string };
      return (await receiver.arrival(delivery.webhook_id)) - sentAt;
    };
    const latencyMs: number[] = [];
    for (let run = 0; run < latencyRuns; run++) latencyMs.push(await send());
    const started = performance.now();
    await Promise.all(Array.from({ length: burst }, send));
    const seconds = (performance.now() - started) / 1000;
    return { latencyMs, burst: { deliveries: burst, seconds: Number(seconds.toFixed(2)), deliveries_per_second: Number((burst / seconds).toFixed(1)) } };
  } finally {
    await receiver.close();
  }
}

/** Node gives repeated headers as arrays; webhook headers are never repeated. */
const singleValued = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));

/** A receiver that answers 204 to every delivery `verify` accepts (returning its event id), 400 otherwise. */
async function startReceiver(verify: (body: string, headers: IncomingHttpHeaders) => string): Promise<Receiver> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const server: Server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const at = performance.now();
      try {
        const eventId = verify(body, request.headers);
        if (!arrived.has(eventId)) arrived.set(eventId, at);
        waiting.get(eventId)?.(arrived.get(eventId)!);
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/lucid`,
    arrival: (eventId) =>
      new Promise<number>((resolve, reject) => {
        const known = arrived.get(eventId);
        if (known !== undefined) return resolve(known);
        const timer = setTimeout(() => reject(new Error(`webhook event ${eventId} did not arrive within 60 s`)), 60_000);
        waiting.set(eventId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

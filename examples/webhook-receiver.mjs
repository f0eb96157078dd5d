// A webhook receiver for local development: registers itself with Lucid (`npm start` running), then verifies every
// delivery with the official SDK's `client.beta.webhooks.unwrap()` and prints the event.
//   npx node examples/webhook-receiver.mjs            (PORT, LUCID_URL, LUCID_API_KEY to change the defaults)
import { createServer } from "node:http";
import Anthropic from "@anthropic-ai/sdk";

const port = Number(process.env.PORT ?? 9911);
const client = new Anthropic({
  apiKey: process.env.LUCID_API_KEY ?? "lucid-local-admin-key",
  baseURL: process.env.LUCID_URL ?? "http://127.0.0.1:8787",
});

// http:// to this machine is accepted only because `npm start` sets LUCID_WEBHOOKS_ALLOW_LOOPBACK=true.
const endpoint = await client.post("/v1/webhooks", {
  body: {
    url: `http://127.0.0.1:${port}/lucid`,
    name: "local receiver",
    enabled_events: [
      "session.status_idled",
      "session.status_run_started",
      "session.outcome_evaluation_ended",
      "agent.created",
      "dream.completed",
      "dream.pending_review",
      "deployment_run.succeeded",
      "deployment_run.failed",
    ],
  },
});
console.log(`endpoint ${endpoint.id} (its signing secret is shown only once, at creation)`);

createServer((request, response) => {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    try {
      // unwrap needs the raw body exactly as received, and the webhook-id/-timestamp/-signature headers.
      const event = client.beta.webhooks.unwrap(body, { headers: request.headers, key: endpoint.signing_secret });
      console.log(`${event.created_at} ${event.data.type} ${event.data.id} (webhook-id ${request.headers["webhook-id"]})`);
      response.writeHead(204).end();
    } catch (error) {
      console.error(`refused a delivery: ${error.message}`);
      response.writeHead(400).end();
    }
  });
}).listen(port, "127.0.0.1", async () => {
  console.log(`listening on http://127.0.0.1:${port}/lucid; sending a test event…`);
  await client.post(`/v1/webhooks/${endpoint.id}/test`);
});

// Ctrl-C removes the endpoint again, so the local tenant does not collect dead receivers.
process.on("SIGINT", async () => {
  await client.delete(`/v1/webhooks/${endpoint.id}`).catch(() => undefined);
  process.exit(0);
});

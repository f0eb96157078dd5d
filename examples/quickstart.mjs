// The README's SDK walk-through: the official @anthropic-ai/sdk against a local Lucid (`npm start`), unchanged but for baseURL.
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({
  apiKey: process.env.LUCID_API_KEY ?? "lucid-local-admin-key",
  baseURL: process.env.LUCID_URL ?? "http://127.0.0.1:8787",
});

const environment = await client.beta.environments.create({ name: "quickstart" });
const agent = await client.beta.agents.create({
  name: "Contract reviewer",
  model: "claude-sonnet-5-5",
  system: "You review contracts and point out one-sided clauses.",
});
const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, title: "Quickstart" });

// Open the live stream first, then send the task: text arrives as it is generated.
const stream = await client.beta.sessions.events.stream(session.id, { event_deltas: ["agent.message"] });
await client.beta.sessions.events.send(session.id, {
  events: [{ type: "user.message", content: [{ type: "text", text: "Review the indemnity clause of our NDA." }] }],
});
for await (const event of stream) {
  if (event.type === "event_delta") process.stdout.write(event.delta.content.text);
  if (event.type === "session.status_idle") break;
}

const finished = await client.beta.sessions.retrieve(session.id);
console.log(`\n\nsession ${finished.id}: ${finished.status}, ${finished.usage.input_tokens} input / ${finished.usage.output_tokens} output tokens`);
for await (const event of client.beta.sessions.events.list(session.id)) console.log(event.type);

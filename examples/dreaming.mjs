// The dreaming walk-through of docs/guides/dreaming.md with the official SDK: sessions, a dream held for review, approval, the next
// session loading the new memory, and a rollback. Run against `npm start` (the simulator answers offline).
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({
  apiKey: process.env.LUCID_API_KEY ?? "lucid-local-admin-key",
  baseURL: process.env.LUCID_URL ?? "http://127.0.0.1:8787",
});
const say = (text) => ({ type: "user.message", content: [{ type: "text", text }] });

async function untilIdle(sessionId) {
  for (;;) {
    const session = await client.beta.sessions.retrieve(sessionId);
    if (session.status === "idle" || session.status === "terminated") return session;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const environment = await client.beta.environments.create({ name: "dreaming walk-through" });
// `dreaming` and `memory` are Lucid extensions of the agent; the SDK passes them through.
const agent = await client.beta.agents.create({
  name: "Letter drafter",
  model: "claude-sonnet-5-5",
  system: "You draft client letters.",
  dreaming: { mode: "review" },
});
console.log(`agent ${agent.id}, memory store ${agent.memory_store_id}`);

// A session in which the user corrects the agent: a preference worth remembering.
const first = await client.beta.sessions.create({
  agent: agent.id,
  environment_id: environment.id,
  initial_events: [say("Draft a letter to Acme about the renewal.")],
});
await untilIdle(first.id);
await client.beta.sessions.events.send(first.id, { events: [say("No, always sign letters as 'The Acme Legal Team'.")] });
await untilIdle(first.id);

// Dream now (a Lucid extension; on a schedule it would start by itself) and wait for the changeset.
let dream = await client.post(`/v1/agents/${agent.id}/dream`);
while (dream.phase !== "awaiting_review" && dream.status !== "completed") {
  await new Promise((resolve) => setTimeout(resolve, 200));
  dream = await client.beta.dreams.retrieve(dream.id);
}
for (const operation of dream.changeset.operations) {
  console.log(
    `\n${operation.id} ${operation.op} ${operation.path}\n  why: ${operation.reason}\n  from: ${operation.evidence.map((e) => e.session_id).join(", ")}\n${operation.content}`,
  );
}

// Approve (all of it here; pass operation_ids and edits to approve part, edited), and wait for the output store.
await client.post(`/v1/dreams/${dream.id}/approve`, { body: {} });
do {
  await new Promise((resolve) => setTimeout(resolve, 200));
  dream = await client.beta.dreams.retrieve(dream.id);
} while (dream.status !== "completed");
console.log(`\ndream ${dream.id} wrote ${dream.outputs[0].memory_store_id}; usage ${JSON.stringify(dream.usage)}`);

// The next session loads the new memory at its start.
const next = await client.beta.sessions.create({
  agent: agent.id,
  environment_id: environment.id,
  initial_events: [say("Draft a letter to Acme about the invoice.")],
});
await untilIdle(next.id);
for await (const event of client.beta.sessions.events.list(next.id)) {
  if (event.type === "lucid.memory_loaded") console.log(`next session loaded: ${event.memories.map((memory) => memory.path).join(", ")}`);
}

// Roll back: the agent returns to the store it used before the dream (both stores are kept).
const rolledBack = await client.post(`/v1/agents/${agent.id}/memory/rollback`);
console.log(`after rollback the agent uses ${rolledBack.memory_store_id}`);

// Stream latency: from the moment a model delta leaves the model (the proxy's stamp) to its arrival at a WebSocket client.
import type Anthropic from "@anthropic-ai/sdk";
import { type BenchAgent, createBenchAgent } from "./lucid-workload";
import type { ModelProxy } from "./model-proxy";
import { scriptSimulator } from "./simulator-script";

const WORDS_PER_REPLY = 40;
/** Deltas are paced, as a model writes them, so each is measured on its own rather than as part of a burst. */
const CHUNK_DELAY_MS = 15;

interface Frame {
  type: string;
  delta?: { content?: { text?: string } };
}

/** Milliseconds per delta, over `replies` streamed replies of `WORDS_PER_REPLY` words. */
export async function measureStreamLatency(
  client: Anthropic,
  proxy: ModelProxy,
  lucidUrl: string,
  adminKey: string,
  simulatorUrl: string,
  replies: number,
): Promise<number[]> {
  const agent = await createBenchAgent(client, "stream latency");
  const samples: number[] = [];
  for (let reply = 0; reply < replies; reply++) samples.push(...(await oneReply(client, proxy, agent, lucidUrl, adminKey, simulatorUrl, reply)));
  return samples;
}

async function oneReply(
  client: Anthropic,
  proxy: ModelProxy,
  agent: BenchAgent,
  lucidUrl: string,
  adminKey: string,
  simulatorUrl: string,
  reply: number,
): Promise<number[]> {
  const session = await client.beta.sessions.create({ agent: agent.agentId, environment_id: agent.environmentId, resources: [] });
  const text = Array.from({ length: WORDS_PER_REPLY }, (_, word) => `r${reply}w${word}`).join(" ");
  await scriptSimulator(simulatorUrl, session.id, [{ type: "message", content: [{ type: "text", text }], chunk_delay_ms: CHUNK_DELAY_MS }]);

  const streamUrl = `${lucidUrl.replace(/^http/, "ws")}/v1/sessions/${session.id}/events/stream?event_deltas[]=agent.message`;
  // Node's WebSocket (undici) takes headers, so the key travels as it does for every other request.
  const socket = new WebSocket(streamUrl, { headers: { "x-api-key": adminKey } } as unknown as string[]);
  const arrivals: { text: string; at: number }[] = [];
  const idle = new Promise<void>((resolve, reject) => {
    socket.addEventListener("error", () => reject(new Error(`WebSocket to session ${session.id} failed`)));
    socket.addEventListener("message", (message) => {
      const at = performance.now();
      const frame = JSON.parse(String(message.data)) as Frame;
      if (frame.type === "event_delta" && frame.delta?.content?.text !== undefined) arrivals.push({ text: frame.delta.content.text, at });
      if (frame.type === "session.status_idle") resolve();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error("WebSocket did not open")), { once: true });
  });
  await client.beta.sessions.events.send(session.id, { events: [{ type: "user.message", content: [{ type: "text", text: "Stream a reply." }] }] });
  await idle;
  socket.close();

  const sent = proxy.deltas.filter((delta) => delta.key === `${agent.agentId}/${session.id}`);
  if (sent.length !== arrivals.length || sent.some((delta, i) => delta.text !== arrivals[i]!.text)) {
    throw new Error(`session ${session.id}: the model sent ${sent.length} deltas, the WebSocket received ${arrivals.length} in a different order or form`);
  }
  return sent.map((delta, i) => arrivals[i]!.at - delta.sentAt);
}

// One virtual client of the load test: a fixed number of rounds, each creating an agent and a session, reading it
// live (SSE through the official SDK, or a WebSocket), and reading its transcript back; every call timed and checked.
import Anthropic from "@anthropic-ai/sdk";

export type Operation = "create_agent" | "create_environment" | "create_session" | "stream_to_idle" | "list_events" | "list_agents";

export interface Sample {
  operation: Operation;
  ms: number;
}

export interface ClientResult {
  samples: Sample[];
  errors: string[];
}

export interface ClientPlan {
  baseURL: string;
  apiKey: string;
  model: string;
  rounds: number;
  /** Every `webSocketEvery`-th round reads over a WebSocket instead of SSE. */
  webSocketEvery: number;
  /** How long one session may take to go idle before it counts as an error. */
  idleTimeoutMs: number;
}

export async function runClient(plan: ClientPlan, index: number): Promise<ClientResult> {
  const client = new Anthropic({ baseURL: plan.baseURL, apiKey: plan.apiKey, maxRetries: 0, timeout: plan.idleTimeoutMs });
  const samples: Sample[] = [];
  const errors: string[] = [];
  const timed = async <T>(operation: Operation, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    samples.push({ operation, ms: performance.now() - started });
    return result;
  };
  let environmentId: string;
  try {
    environmentId = (await timed("create_environment", () => client.beta.environments.create({ name: `load-${index}` }))).id;
  } catch (error) {
    return { samples, errors: [`client ${index}: environment: ${describe(error)}`] };
  }
  for (let round = 0; round < plan.rounds; round++) {
    try {
      const agent = await timed("create_agent", () => client.beta.agents.create({ name: `load-${index}-${round}`, model: plan.model }));
      const session = await timed("create_session", () => client.beta.sessions.create({ agent: agent.id, environment_id: environmentId }));
      const useWebSocket = plan.webSocketEvery > 0 && round % plan.webSocketEvery === plan.webSocketEvery - 1;
      // The reader connects before the message is sent, so it sees the whole turn live.
      const idle = useWebSocket ? webSocketIdle(plan, session.id) : sseIdle(client, session.id, plan.idleTimeoutMs);
      await idle.connected;
      const sent = performance.now();
      await client.beta.sessions.events.send(session.id, {
        events: [{ type: "user.message", content: [{ type: "text", text: `Load round ${round} of client ${index}: summarise the clause.` }] }],
      });
      await idle.done;
      samples.push({ operation: "stream_to_idle", ms: performance.now() - sent });
      const events = await timed("list_events", () => client.beta.sessions.events.list(session.id, { limit: 100 }));
      if (!events.data.some((event) => event.type === "agent.message")) throw new Error(`session ${session.id} went idle without an agent.message`);
      await timed("list_agents", () => client.beta.agents.list({ limit: 20 }));
    } catch (error) {
      errors.push(`client ${index} round ${round}: ${describe(error)}`);
    }
  }
  return { samples, errors };
}

interface IdleWatch {
  connected: Promise<void>;
  done: Promise<void>;
}

function sseIdle(client: Anthropic, sessionId: string, timeoutMs: number): IdleWatch {
  const stream = client.beta.sessions.events.stream(sessionId);
  const connected = stream.then(() => undefined);
  const done = stream.then(async (events) => {
    const timer = setTimeout(() => events.controller.abort(), timeoutMs);
    try {
      let running = false;
      for await (const event of events) {
        // A new session's transcript may already say idle; the turn is over at the idle that follows running.
        if (event.type === "session.status_running") running = true;
        if (event.type === "session.status_idle" && running) return;
        if (event.type === "session.error") throw new Error(`session.error on ${sessionId}: ${JSON.stringify(event)}`);
      }
      throw new Error(`the stream of ${sessionId} ended before the session went idle`);
    } finally {
      clearTimeout(timer);
      events.controller.abort();
    }
  });
  return { connected, done };
}

function webSocketIdle(plan: ClientPlan, sessionId: string): IdleWatch {
  const url = `${plan.baseURL.replace(/^http/, "ws")}/v1/sessions/${sessionId}/events/stream`;
  // Node's WebSocket (undici) takes headers, which browsers cannot send: the API key goes in x-api-key as for HTTP.
  const socket = new WebSocket(url, { headers: { "x-api-key": plan.apiKey } } as unknown as string[]);
  const connected = new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`WebSocket to ${sessionId} failed to open`)), { once: true });
  });
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => (socket.close(), reject(new Error(`WebSocket of ${sessionId}: not idle within ${plan.idleTimeoutMs} ms`))),
      plan.idleTimeoutMs,
    );
    let running = false;
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(String(message.data)) as { type: string };
      if (event.type === "session.status_running") running = true;
      if (!(event.type === "session.status_idle" && running) && event.type !== "session.error") return;
      clearTimeout(timer);
      socket.close();
      if (event.type === "session.error") reject(new Error(`session.error on ${sessionId}: ${String(message.data)}`));
      else resolve();
    });
    socket.addEventListener("close", () => (clearTimeout(timer), reject(new Error(`WebSocket of ${sessionId} closed before idle`))));
  });
  return { connected, done };
}

function describe(error: unknown): string {
  if (error instanceof Anthropic.APIError) return `${error.status ?? "no status"} ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

// Reaches the Messages API simulator from tests: the real SDK pointed at it, the control API, and fresh keys per test.
import Anthropic from "@anthropic-ai/sdk";
import { env } from "cloudflare:workers";
import type { SimReply } from "../../src/sim/reply-schema";

export const simulator = (env as unknown as { SIMULATOR: Fetcher }).SIMULATOR;

export const MODEL = "claude-sonnet-5";

/** The official SDK with no retries, so every scripted error surfaces as it was sent. */
export function simClient(options: { fetch?: typeof fetch } = {}): Anthropic {
  return new Anthropic({
    apiKey: "sim",
    baseURL: "http://simulator",
    fetch: options.fetch ?? ((input, init) => simulator.fetch(input as RequestInfo, init)),
    maxRetries: 0,
  });
}

/** An agent id and session id no other test uses, joined the way Lucid sends metadata.user_id. */
export function freshIdentity() {
  const agentId = `agent_${crypto.randomUUID().replaceAll("-", "")}`;
  const sessionId = `sesn_${crypto.randomUUID().replaceAll("-", "")}`;
  return { agentId, sessionId, userId: `${agentId}/${sessionId}` };
}

export async function scriptReplies(key: string, replies: SimReply[]): Promise<Response> {
  return simulator.fetch("http://simulator/_sim/scripts", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, replies }),
  });
}

export async function loggedRequests(key: string): Promise<Array<{ received_at: string; body: Anthropic.MessageCreateParams }>> {
  const response = await simulator.fetch(`http://simulator/_sim/requests?key=${encodeURIComponent(key)}`);
  return ((await response.json()) as { data: Array<{ received_at: string; body: Anthropic.MessageCreateParams }> }).data;
}

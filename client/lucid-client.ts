// LucidClient: Lucid's extensions as typed resources, the official SDK for the compatible API, and live session events.
import Anthropic from "@anthropic-ai/sdk";
import type { PreviewFrame, SessionEvent } from "./api-types";
import { agentsResource } from "./resources/agents";
import { apiKeysResource } from "./resources/api-keys";
import { dreamsResource } from "./resources/dreams";
import { environmentKeysResource } from "./resources/environment-keys";
import { memoryResource } from "./resources/memory";
import { webhooksResource } from "./resources/webhooks";
import { workspaceResource } from "./resources/workspace";
import { sessionEvents, type SessionEventsOptions, type WebSocketFactory } from "./session-events";
import { Transport } from "./transport";

export interface LucidClientOptions {
  /** Where Lucid runs, e.g. `http://127.0.0.1:8787`. */
  baseURL: string;
  apiKey: string;
  /** Defaults to the global fetch; an injected fetch also opens WebSockets (by `Upgrade: websocket`) unless `webSocket` is given. */
  fetch?: typeof fetch;
  /** Retries of 429, 5xx and connection errors (honouring retry-after); never of 409. Default 2. */
  maxRetries?: number;
  /** Opens WebSockets; defaults to `new WebSocket(url, protocols)` (browsers, Node 24). */
  webSocket?: WebSocketFactory;
}

export class LucidClient {
  readonly agents;
  readonly dreams;
  readonly memory;
  readonly webhooks;
  readonly apiKeys;
  readonly environmentKeys;
  readonly workspace;
  private readonly transport: Transport;

  constructor(private readonly options: LucidClientOptions) {
    // Bound, because a browser's fetch throws "Illegal invocation" when called as a method of another object.
    const fetchImplementation = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.transport = new Transport({ baseURL: options.baseURL, apiKey: options.apiKey, fetch: fetchImplementation, maxRetries: options.maxRetries ?? 2 });
    this.agents = agentsResource(this.transport);
    this.dreams = dreamsResource(this.transport);
    this.memory = memoryResource(this.transport);
    this.webhooks = webhooksResource(this.transport);
    this.apiKeys = apiKeysResource(this.transport);
    this.environmentKeys = environmentKeysResource(this.transport);
    this.workspace = workspaceResource(this.transport);
  }

  /** The official SDK, for the Managed-Agents-compatible routes, configured like this client. */
  anthropic(): Anthropic {
    const { baseURL, apiKey, fetch, maxRetries } = this.options;
    return new Anthropic({ baseURL, apiKey, fetch, maxRetries: maxRetries ?? 2, dangerouslyAllowBrowser: true });
  }

  /**
   * A session's events as they happen: the transcript after `afterId` (all of it without), then live events, over
   * SSE or a WebSocket, reconnecting after a drop from the last event seen. Ends when `signal` aborts, the loop
   * breaks, or the server closes the stream (the session was deleted).
   */
  sessionEvents(sessionId: string, options: SessionEventsOptions & { eventDeltas: true }): AsyncIterable<SessionEvent | PreviewFrame>;
  sessionEvents(sessionId: string, options?: SessionEventsOptions & { eventDeltas?: false }): AsyncIterable<SessionEvent>;
  sessionEvents(sessionId: string, options: SessionEventsOptions = {}): AsyncIterable<SessionEvent | PreviewFrame> {
    const connector = { transport: this.transport, webSocket: this.options.webSocket, upgradeThroughFetch: this.options.fetch !== undefined };
    return sessionEvents(connector, sessionId, options);
  }
}

// The bindings and settings every part of the Lucid Worker receives (see wrangler.toml and docs/reference/configuration.md).
import type { AgentObject } from "./agent/agent-object";
import type { DirectoryObject } from "./directory/directory-object";
import type { DreamObject } from "./dreaming/dream-object";
import type { EnvironmentObject } from "./environments/environment-object";
import type { MemoryStoreObject } from "./memory/memory-store-object";
import type { OrchestratorObject } from "./multiagent/orchestrator-object";
import type { VaultObject } from "./vaults/vault-object";
import type { WorkspaceObject } from "./workspace/workspace-object";
import type { WebhookDeliveryMessage } from "./webhooks/delivery-message";

export interface Env {
  DIRECTORY: DurableObjectNamespace<DirectoryObject>;
  AGENT: DurableObjectNamespace<AgentObject>;
  MEMORY_STORE: DurableObjectNamespace<MemoryStoreObject>;
  DREAM: DurableObjectNamespace<DreamObject>;
  /** Session workspaces: versioned files the file tools and `/v1/sessions/{id}/workspace/files` work on. */
  WORKSPACE: DurableObjectNamespace<WorkspaceObject>;
  /** One per coordinator session (named by its id): opens threads on specialists and gathers their results. */
  ORCHESTRATOR: DurableObjectNamespace<OrchestratorObject>;
  /** One per self-hosted environment (named by its id): the work queue its workers poll, with their leases. */
  ENVIRONMENT: DurableObjectNamespace<EnvironmentObject>;
  /** One per vault (named by its id): its credentials, their secrets sealed. */
  VAULT: DurableObjectNamespace<VaultObject>;
  /** Webhook deliveries, one message per (event, endpoint); consumed by the Worker's queue() handler. */
  WEBHOOKS: Queue<WebhookDeliveryMessage>;
  /** When set, webhook deliveries go out through this Fetcher instead of the open internet (tests bind a receiver). */
  WEBHOOK_EGRESS?: Fetcher;
  /** When set, requests to agents' MCP servers go out through this Fetcher instead of the open internet (tests bind a server). */
  MCP_EGRESS?: Fetcher;
  /** When set, web_fetch and web_search requests go out through this Fetcher instead of the open internet (tests bind a site). */
  WEB_EGRESS?: Fetcher;
  /** The dashboard's built files (web/dist); the asset router serves them before the Worker sees the request. */
  ASSETS: Fetcher;
  /** The Messages API simulator Worker, used when no ANTHROPIC_API_KEY is configured. */
  SIMULATOR?: Fetcher;
  /** Admin key: manages tenant API keys and acts as the default tenant. No key configured means no access. */
  LUCID_ADMIN_KEY?: string;
  ANTHROPIC_API_KEY?: string;
  /**
   * The key stored secrets (webhook signing secrets) are sealed under: base64 of 32 random bytes (src/secrets/secret-box.ts).
   * During a rotation the old key moves to LUCID_SECRETS_KEY_PREVIOUS, which still opens what it sealed.
   */
  LUCID_SECRETS_KEY?: string;
  LUCID_SECRETS_KEY_PREVIOUS?: string;
  ANTHROPIC_BASE_URL?: string;
  /** Durable retry policy for model calls (milliseconds / count); tests shorten them. */
  LUCID_RETRY_BASE_MS?: string;
  LUCID_RETRY_MAX_ATTEMPTS?: string;
  /** How long one model call may take, request to last byte (milliseconds, default 600000); tests shorten it. */
  LUCID_MODEL_TIMEOUT_MS?: string;
  /** How long a session stays idle before reflecting (milliseconds, default 60000); tests shorten it. */
  LUCID_REFLECTION_DELAY_MS?: string;
  /** How long a toolset call in a self-hosted environment may wait for a worker to take it (ms, default 120000). */
  LUCID_WORKER_TOOL_TIMEOUT_MS?: string;
  /** Local development only: webhook URLs may point at this machine, over http too. Never set it when deployed. */
  LUCID_WEBHOOKS_ALLOW_LOOPBACK?: string;
  /** Local development only: MCP server URLs may point at this machine, over http too. Never set it when deployed. */
  LUCID_MCP_ALLOW_LOOPBACK?: string;
  /** How long connecting to an MCP server, listing its tools or one call may take (milliseconds, default 30000). */
  LUCID_MCP_TIMEOUT_MS?: string;
  /** Local development only: web_fetch may fetch pages on this machine, over http too. Never set it when deployed. */
  LUCID_WEB_ALLOW_LOOPBACK?: string;
  /** How long one web_fetch (all its redirects) or one web_search may take (milliseconds, default 30000). */
  LUCID_WEB_TIMEOUT_MS?: string;
  /**
   * The operator's search API for web_search (src/tools/web-search-provider.ts): without it, agents cannot enable
   * web_search. LUCID_WEB_SEARCH_KEY, if set, is sent to it as a bearer token.
   */
  LUCID_WEB_SEARCH_URL?: string;
  LUCID_WEB_SEARCH_KEY?: string;
  /** Webhook retry policy (see src/webhooks/delivery-policy.ts); tests shorten it. */
  LUCID_WEBHOOK_MAX_ATTEMPTS?: string;
  LUCID_WEBHOOK_RETRY_BASE_SECONDS?: string;
  LUCID_WEBHOOK_RETRY_MAX_SECONDS?: string;
  LUCID_WEBHOOK_DISABLE_AFTER_SECONDS?: string;
  /** Browser origins (comma-separated) allowed to call the API cross-origin; empty: none (see src/api/cors.ts). */
  LUCID_CORS_ORIGINS?: string;
  /** Requests per minute per tenant key unless the key sets its own (default 1200; 0: unlimited). */
  LUCID_RATE_LIMIT_PER_MINUTE?: string;
  /** Requests per minute for the admin key (default 0: unlimited, so benchmarks and load tests are not throttled). */
  LUCID_ADMIN_RATE_LIMIT_PER_MINUTE?: string;
  /**
   * Failed sign-ins (wrong keys) per minute per client address, counted in each isolate's memory before any storage is
   * reached; a client over it is refused with 429 until its budget refills (default 30; 0: unlimited).
   */
  LUCID_AUTH_FAILURES_PER_MINUTE?: string;
  /** Bytes of past workspace file versions kept per workspace before the oldest are pruned (default 4 GiB); tests shrink it. */
  LUCID_WORKSPACE_HISTORY_MAX_BYTES?: string;
  /**
   * How long a self-hosted worker's lease on a work item lasts without a heartbeat (seconds, default 300) unless its
   * heartbeat asks for another; a lapsed lease puts the item back in the queue. Tests shorten it.
   */
  LUCID_WORK_LEASE_TTL_SECONDS?: string;
}

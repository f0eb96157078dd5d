// The bindings and settings every part of the Lucid Worker receives (see wrangler.toml and README "Configuration").
import type { AgentObject } from "./agent/agent-object";
import type { DirectoryObject } from "./directory/directory-object";
import type { DreamObject } from "./dreaming/dream-object";
import type { MemoryStoreObject } from "./memory/memory-store-object";

export interface Env {
  DIRECTORY: DurableObjectNamespace<DirectoryObject>;
  AGENT: DurableObjectNamespace<AgentObject>;
  MEMORY_STORE: DurableObjectNamespace<MemoryStoreObject>;
  DREAM: DurableObjectNamespace<DreamObject>;
  /** The Messages API simulator Worker, used when no ANTHROPIC_API_KEY is configured. */
  SIMULATOR?: Fetcher;
  /** Admin key: manages tenant API keys and acts as the default tenant. No key configured means no access. */
  LUCID_ADMIN_KEY?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  /** Durable retry policy for model calls (milliseconds / count); tests shorten them. */
  LUCID_RETRY_BASE_MS?: string;
  LUCID_RETRY_MAX_ATTEMPTS?: string;
  /** How long a session stays idle before reflecting (milliseconds, default 60000); tests shorten it. */
  LUCID_REFLECTION_DELAY_MS?: string;
}

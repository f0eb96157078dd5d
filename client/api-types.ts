// The API's request and response types, taken from the server's zod schemas (types only: no server code is bundled).
import type { z } from "zod";
import type { PreviewFrame } from "../src/schemas/preview-frame";
import type { AgentUpdate as AgentUpdateSchema } from "../src/schemas/agent";
import type { ApiKeyCreate as ApiKeyCreateSchema, CreatedApiKey as CreatedApiKeySchema, DeletedApiKey } from "../src/schemas/api-key";
import type { DreamApproval as DreamApprovalSchema, DreamListQuery as DreamListQuerySchema } from "../src/schemas/dream-resource";
import type { DeletedEnvironmentKey } from "../src/schemas/environment-key";
import type { MemorySearchQuery as MemorySearchQuerySchema, MemorySearchResult } from "../src/schemas/memory";
import type { SessionEvent } from "../src/schemas/session-event";
import type {
  WebhookEndpointCreate as WebhookEndpointCreateSchema,
  WebhookEndpointUpdate as WebhookEndpointUpdateSchema,
} from "../src/schemas/webhook-endpoint";
import type { WorkspaceFileListQuery as WorkspaceFileListQuerySchema } from "../src/schemas/workspace";

export type { Agent } from "../src/schemas/agent";
export type { AgentImportResult } from "../src/schemas/agent-archive";
export type { ApiKey } from "../src/schemas/api-key";
export type { CreatedEnvironmentKey, EnvironmentKey } from "../src/schemas/environment-key";
export type { McpServerCheck } from "../src/schemas/mcp-servers";
export type { Dream, DreamStatus, DreamPhase } from "../src/schemas/dream-resource";
export type { MemoryImportMode, MemoryImportResult, MemorySearchResult } from "../src/schemas/memory";
export type {
  DeletedWebhookEndpoint,
  NewWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSigningSecret,
} from "../src/schemas/webhook-endpoint";
export type { DeletedWorkspaceFile, WorkspaceFile, WorkspaceFileVersion } from "../src/schemas/workspace";
export type { PreviewFrame, SessionEvent };

/** Request bodies and queries are the schemas' inputs (what a caller may send), responses their outputs. */
export type AgentUpdate = z.input<typeof AgentUpdateSchema>;
export type DreamingUpdate = { version?: number; dreaming: NonNullable<AgentUpdate["dreaming"]> };
export type ApiKeyCreate = z.input<typeof ApiKeyCreateSchema>;
export type CreatedApiKey = z.output<typeof CreatedApiKeySchema>;
export type ApiKeyDeleted = DeletedApiKey;
export type EnvironmentKeyDeleted = DeletedEnvironmentKey;
export type DreamApproval = z.input<typeof DreamApprovalSchema>;
export type DreamListQuery = Partial<Omit<z.output<typeof DreamListQuerySchema>, "include_archived">> & ListQuery & { include_archived?: boolean };
export type MemorySearchQuery = { q: string; limit?: z.output<typeof MemorySearchQuerySchema>["limit"] };
export type MemorySearchResults = { data: MemorySearchResult[] };
export type WebhookEndpointCreate = z.input<typeof WebhookEndpointCreateSchema>;
export type WebhookEndpointUpdate = z.input<typeof WebhookEndpointUpdateSchema>;
export type WebhookEndpointListQuery = ListQuery & { order?: "asc" | "desc" };
export type WorkspaceFileListQuery = ListQuery & { prefix?: z.output<typeof WorkspaceFileListQuerySchema>["prefix"] };

/** Every list route's page size, and the page to start from (a `next_page` cursor); later pages are the PagePromise's. */
export type ListQuery = { limit?: number; page?: string };

/** What a live session stream yields: transcript events, plus text previews when `eventDeltas` asked for them. */
export type SessionStreamFrame = SessionEvent | PreviewFrame;

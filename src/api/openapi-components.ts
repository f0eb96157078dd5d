// The named components of the OpenAPI document: which zod schemas appear under their own name, and the error answers.
import { z } from "zod";
import { Agent, AgentCreate, AgentUpdate } from "../schemas/agent";
import { AgentImportResult } from "../schemas/agent-archive";
import { ApiErrorBody } from "../schemas/api-error-body";
import { ApiKey, ApiKeyCreate, CreatedApiKey, DeletedApiKey } from "../schemas/api-key";
import { Json } from "../schemas/common";
import { Deployment, DeploymentCreate, DeploymentUpdate } from "../schemas/deployment";
import { DeploymentRun } from "../schemas/deployment-run";
import { Dream, DreamApproval, DreamCreate } from "../schemas/dream-resource";
import { DeletedEnvironment, Environment, EnvironmentCreate, EnvironmentUpdate } from "../schemas/environment";
import { DeletedMemory, Memory, MemoryCreate, MemoryImportResult, MemoryPrefix, MemorySearchResult, MemoryUpdate } from "../schemas/memory";
import { DeletedMemoryStore, MemoryStore, MemoryStoreCreate, MemoryStoreUpdate } from "../schemas/memory-store";
import { MemoryVersion } from "../schemas/memory-version";
import { SessionThread } from "../schemas/multiagent";
import { DeletedSession, Session, SessionCreate, SessionUpdate } from "../schemas/session";
import { DreamProgressEvent, TranscriptEvent } from "../schemas/recorded-events";
import { EventSend, SessionEvent } from "../schemas/session-event";
import {
  DeletedWebhookEndpoint,
  NewWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  WebhookSigningSecret,
} from "../schemas/webhook-endpoint";
import { DeletedWorkspaceFile, WorkspaceFile, WorkspaceFileVersion } from "../schemas/workspace";
import { DeletedVault, Vault, VaultCreate, VaultUpdate } from "../schemas/vault";
import { Credential, CredentialCreate, CredentialUpdate, CredentialValidation, DeletedCredential } from "../schemas/vault-credential";

/**
 * Each schema here is converted once per direction it is used in, so it must be only a request body or only a
 * response (or read the same both ways, as JSON values do): a schema with defaults or transforms reads differently
 * as input and output, and both would claim the one name. The rest are written inline where they are used.
 * A registry of its own, not zod's global one, so that other JSON Schemas (tool inputs) stay self-contained.
 */
export const componentNames = z.registry<{ id: string }>();

const NAMED_SCHEMAS = {
  // Either way: any JSON value, named so its recursion is one reference.
  JsonValue: Json,
  // Request bodies.
  AgentCreate,
  AgentUpdate,
  ApiKeyCreate,
  CredentialCreate,
  CredentialUpdate,
  DeploymentCreate,
  DeploymentUpdate,
  DreamApproval,
  DreamCreate,
  EnvironmentCreate,
  EnvironmentUpdate,
  EventSend,
  MemoryCreate,
  MemoryStoreCreate,
  MemoryStoreUpdate,
  MemoryUpdate,
  SessionCreate,
  SessionUpdate,
  VaultCreate,
  VaultUpdate,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  // Responses.
  Agent,
  AgentImportResult,
  ApiErrorBody,
  ApiKey,
  CreatedApiKey,
  Credential,
  CredentialValidation,
  DeletedApiKey,
  DeletedCredential,
  DeletedEnvironment,
  DeletedMemory,
  DeletedMemoryStore,
  DeletedSession,
  DeletedVault,
  DeletedWebhookEndpoint,
  DeletedWorkspaceFile,
  Deployment,
  DeploymentRun,
  Dream,
  Environment,
  Memory,
  MemoryImportResult,
  MemoryPrefix,
  MemorySearchResult,
  MemoryStore,
  MemoryVersion,
  NewWebhookEndpoint,
  Session,
  SessionEvent,
  DreamProgressEvent,
  TranscriptEvent,
  SessionThread,
  Vault,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSigningSecret,
  WorkspaceFile,
  WorkspaceFileVersion,
};
for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) componentNames.add(schema, { id });

/** The error answers operations refer to, by status; every one carries an ApiErrorBody with the matching `type`. */
export const ERROR_RESPONSES = {
  400: { name: "InvalidRequest", description: "invalid_request_error: the request is malformed, or a field or query parameter is invalid." },
  401: { name: "AuthenticationFailed", description: "authentication_error: the API key is missing or invalid." },
  403: { name: "PermissionDenied", description: "permission_error: the key may not do this, or the browser origin is not allowed." },
  404: { name: "NotFound", description: "not_found_error: no such object for this tenant, or no such route." },
  409: {
    name: "Conflict",
    description: "conflict_error, memory_path_conflict_error or memory_precondition_failed_error: the request conflicts with the object's state.",
  },
  412: {
    name: "PreconditionFailed",
    description:
      "precondition_failed_error: If-Match or If-None-Match did not hold (`current_version` names the current one), or a work item's heartbeat did not echo its last one (`details.error_code` heartbeat_precondition_failed, `details.current_state` the lease).",
  },
  413: { name: "RequestTooLarge", description: "request_too_large: the request body is over this route's limit." },
  429: { name: "RateLimited", description: "rate_limit_error: the key's request budget is spent; `retry-after` says when to retry." },
  500: { name: "ServerError", description: "api_error: an internal error; the message names the request id." },
} as const;
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** The statuses every authenticated operation can answer with, whatever it does. */
export const COMMON_ERROR_STATUSES: readonly ErrorStatus[] = [400, 401, 403, 404, 429, 500];

/** Request and response schemas are read as the client sends them and as Lucid answers them, respectively. */
export const inputSchemaOptions = { options: { io: "input", metadata: componentNames } };
export const outputSchemaOptions = { options: { io: "output", metadata: componentNames } };

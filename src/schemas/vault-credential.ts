// A vault's credentials as the Managed Agents API types them (BetaManagedAgentsCredential), and their request shapes.
// Secrets (token, access_token, refresh_token, client_secret) are only ever written: no response shape has a field for one.
import { z } from "zod";
import { LineText, Metadata, MetadataPatch, NameText, PageQuery, refusedVariant } from "./common";
import { MAX_CREDENTIAL_FIELD_CHARS, MAX_CREDENTIAL_SECRET_CHARS } from "./limits";
import { IncludeArchivedQuery } from "./vault";

// --- What the API answers: the credential without any of its secrets ---

const TokenEndpointAuthResponse = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({ type: z.literal("client_secret_basic") }),
  z.object({ type: z.literal("client_secret_post") }),
]);

const McpOAuthRefreshResponse = z.object({
  client_id: z.string(),
  token_endpoint: z.string(),
  token_endpoint_auth: TokenEndpointAuthResponse,
  resource: z.string().nullable(),
  scope: z.string().nullable(),
});

export const McpOAuthAuthResponse = z.object({
  type: z.literal("mcp_oauth"),
  mcp_server_url: z.string(),
  /** Null when the expiry is not known. */
  expires_at: z.string().nullable(),
  refresh: McpOAuthRefreshResponse.nullable(),
});
export type McpOAuthAuthResponse = z.infer<typeof McpOAuthAuthResponse>;

export const StaticBearerAuthResponse = z.object({ type: z.literal("static_bearer"), mcp_server_url: z.string() });

export const CredentialAuthResponse = z.discriminatedUnion("type", [McpOAuthAuthResponse, StaticBearerAuthResponse]);
export type CredentialAuthResponse = z.infer<typeof CredentialAuthResponse>;

export const Credential = z.object({
  id: z.string(),
  type: z.literal("vault_credential"),
  vault_id: z.string(),
  display_name: z.string().nullable(),
  auth: CredentialAuthResponse,
  metadata: Metadata,
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Credential = z.infer<typeof Credential>;

export const DeletedCredential = z.object({ id: z.string(), type: z.literal("vault_credential_deleted") });
export type DeletedCredential = z.infer<typeof DeletedCredential>;

// --- What a request may send ---

/** A secret as sent: one line, no control characters (it goes into an HTTP header), within the limit. */
const SecretText = LineText.min(1).max(MAX_CREDENTIAL_SECRET_CHARS, `a credential's secret holds at most ${MAX_CREDENTIAL_SECRET_CHARS} characters`);
const TOO_LONG = `holds at most ${MAX_CREDENTIAL_FIELD_CHARS} characters`;
const FieldText = LineText.min(1).max(MAX_CREDENTIAL_FIELD_CHARS, TOO_LONG);
const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).max(MAX_CREDENTIAL_FIELD_CHARS, TOO_LONG);
/** RFC 3339, and later than now: a token that has already expired would be sent only to be refused. */
const FutureTime = z
  .string()
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), "must be in the future");

/**
 * Lucid's self-hosted worker protocol carries no environment variables: the SDK's EnvironmentWorker receives a work
 * item's sessions token and API base URL, nothing else, so a secret stored for the environment could never reach a tool.
 */
const EnvironmentVariableRefused = refusedVariant(
  "environment_variable",
  "environment_variable credentials are not supported by Lucid: its self-hosted worker protocol does not carry environment variables " +
    "(the SDK's EnvironmentWorker receives none), so the secret could never reach the agent's tools; use static_bearer or mcp_oauth credentials for MCP servers",
);

const TokenEndpointAuthParam = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({ type: z.literal("client_secret_basic"), client_secret: SecretText }),
  z.strictObject({ type: z.literal("client_secret_post"), client_secret: SecretText }),
]);

const McpOAuthRefreshParams = z.strictObject({
  client_id: FieldText,
  refresh_token: SecretText,
  token_endpoint: HttpUrl,
  token_endpoint_auth: TokenEndpointAuthParam,
  resource: FieldText.nullish(),
  scope: FieldText.nullish(),
});

export const McpOAuthCreateParams = z.strictObject({
  type: z.literal("mcp_oauth"),
  mcp_server_url: HttpUrl,
  access_token: SecretText,
  expires_at: FutureTime.nullish(),
  refresh: McpOAuthRefreshParams.nullish(),
});
export type McpOAuthCreateParams = z.infer<typeof McpOAuthCreateParams>;

export const StaticBearerCreateParams = z.strictObject({ type: z.literal("static_bearer"), mcp_server_url: HttpUrl, token: SecretText });

export const CredentialCreate = z.strictObject({
  auth: z.union([StaticBearerCreateParams, McpOAuthCreateParams, EnvironmentVariableRefused]),
  display_name: NameText.max(255).nullish(),
  metadata: Metadata.optional(),
});
export type CredentialCreate = z.infer<typeof CredentialCreate>;
export type CredentialAuthCreate = CredentialCreate["auth"];

/** A new client secret; the credential keeps its own client authentication method, whichever of the two is named. */
const TokenEndpointAuthUpdate = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("client_secret_basic"), client_secret: SecretText.nullish() }),
  z.strictObject({ type: z.literal("client_secret_post"), client_secret: SecretText.nullish() }),
]);

const McpOAuthRefreshUpdate = z.strictObject({
  refresh_token: SecretText.nullish(),
  /** An empty string clears the stored scope. */
  scope: LineText.max(MAX_CREDENTIAL_FIELD_CHARS, TOO_LONG).nullish(),
  token_endpoint_auth: TokenEndpointAuthUpdate.optional(),
});

/** The server URL is immutable; a secret left out (or null) is kept. */
export const McpOAuthUpdateParams = z.strictObject({
  type: z.literal("mcp_oauth"),
  access_token: SecretText.nullish(),
  /** Left out: kept; null: the expiry is no longer known. */
  expires_at: FutureTime.nullish(),
  /** Null removes the refresh configuration and its secrets. */
  refresh: McpOAuthRefreshUpdate.nullish(),
});
export type McpOAuthUpdateParams = z.infer<typeof McpOAuthUpdateParams>;

export const StaticBearerUpdateParams = z.strictObject({ type: z.literal("static_bearer"), token: SecretText.nullish() });

export const CredentialUpdate = z.strictObject({
  auth: z.union([StaticBearerUpdateParams, McpOAuthUpdateParams, EnvironmentVariableRefused]).optional(),
  display_name: NameText.min(1).max(255).nullish(),
  metadata: MetadataPatch.nullish(),
});
export type CredentialUpdate = z.infer<typeof CredentialUpdate>;
export type CredentialAuthUpdate = NonNullable<CredentialUpdate["auth"]>;

export const CredentialListQuery = PageQuery.extend({ include_archived: IncludeArchivedQuery });
export type CredentialListQuery = z.infer<typeof CredentialListQuery>;

/** What a session's MCP connection sends for a server (VaultObject.credentialForServer), never shown by any route. */
export interface ServerAuthorization {
  credential_id: string;
  type: CredentialAuthResponse["type"];
  authorization: string;
  expires_at: string | null;
}

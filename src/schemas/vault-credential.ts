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

/**
 * What a session's MCP connection sends for a server (VaultObject.credentialForServer), never shown by any route; or,
 * when the credential's OAuth token was due and could not be refreshed, why (no secret in it).
 */
export type ServerAuthorization =
  | { credential_id: string; type: CredentialAuthResponse["type"]; authorization: string; expires_at: string | null }
  | { credential_id: string; type: "mcp_oauth"; authorization: null; error: string };

// --- mcp_oauth_validate: what probing a credential found (BetaManagedAgentsCredentialValidation) ---

/** An HTTP error response captured while validating, its body cut and scrubbed of the credential's secrets. */
export const RefreshHttpResponse = z.object({
  body: z.string(),
  body_truncated: z.boolean(),
  content_type: z.string(),
  status_code: z.number().int(),
});
export type RefreshHttpResponse = z.infer<typeof RefreshHttpResponse>;

/** The refresh-token exchange tried while validating. */
export const RefreshAttempt = z.object({
  http_response: RefreshHttpResponse.nullable(),
  status: z.enum(["succeeded", "failed", "connect_error", "no_refresh_token"]),
});
export type RefreshAttempt = z.infer<typeof RefreshAttempt>;

/** The MCP request that failed (`initialize`, `tools/list`) and the server's HTTP error answer, if it gave one. */
export const McpProbe = z.object({ http_response: RefreshHttpResponse.nullable(), method: z.string() });
export type McpProbe = z.infer<typeof McpProbe>;

export const CredentialValidation = z.object({
  credential_id: z.string(),
  has_refresh_token: z.boolean(),
  mcp_probe: McpProbe.nullable(),
  refresh: RefreshAttempt.nullable(),
  status: z.enum(["valid", "invalid", "unknown"]),
  type: z.literal("vault_credential_validation"),
  validated_at: z.string(),
  vault_id: z.string(),
});
export type CredentialValidation = z.infer<typeof CredentialValidation>;

/** A token endpoint's successful answer (RFC 6749 §5.1), as much of it as Lucid uses. */
export const OAuthTokenResponse = z.object({
  // It goes into an Authorization header: printable ASCII with no spaces, as an RFC 6750 token is.
  access_token: z
    .string()
    .min(1)
    .max(MAX_CREDENTIAL_SECRET_CHARS)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces"),
  token_type: z
    .string()
    .refine((type) => type.toLowerCase() === "bearer", "must be Bearer")
    .optional(),
  // Some servers send the number as a string; absent, the new token's expiry is unknown.
  expires_in: z.coerce.number().int().positive().optional(),
  refresh_token: z
    .string()
    .min(1)
    .max(MAX_CREDENTIAL_SECRET_CHARS)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional(),
});
export type OAuthTokenResponse = z.infer<typeof OAuthTokenResponse>;

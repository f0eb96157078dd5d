// VaultObject: one per vault. Its record and its credentials, whose secrets are sealed at rest and never answered.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { newVaultCredentialId } from "../ids";
import { invalidRequest, notFound } from "../platform/errors";
import { type AbsentAnswers, invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import { directoryOf } from "../platform/stubs";
import { applyMetadataPatch, parseOrThrow } from "../schemas/common";
import { MAX_CREDENTIALS_PER_VAULT } from "../schemas/limits";
import { type DeletedVault, type NewVault, type Vault, VaultCreate, type VaultUpdate } from "../schemas/vault";
import {
  type Credential,
  CredentialCreate,
  type CredentialValidation,
  type CredentialListQuery,
  type CredentialUpdate,
  type DeletedCredential,
  type ServerAuthorization,
} from "../schemas/vault-credential";
import { ObjectSchema } from "../storage/object-schema";
import { emitWebhookEvent } from "../webhooks/emit";
import { applyAuthUpdate, secretsOfUpdate, splitNewAuth } from "./credential-auth";
import {
  archiveCredentialRow,
  type CredentialRow,
  countCredentials,
  findCredentialRow,
  firstActiveCredentialFor,
  insertCredential,
  pageCredentials,
  renderCredential,
  rewriteCredential,
  storedCredential,
} from "./credential-records";
import { type CredentialRefresh, type RefreshHost, refreshCredential, refreshIsDue } from "./credential-refresh";
import { openCredentialSecret, type SecretField, type SecretOwner, sealCredentialSecrets } from "./credential-secrets";
import { validateMcpOAuthCredential } from "./credential-validation";
import { tokenEndpointProblem } from "./oauth-token-refresh";
import { resealVaultSecrets, type VaultResealReport } from "./credential-reseal";
import { VAULT_MIGRATIONS } from "./schema";
import { archiveVault, findVaultRow, insertVault, renderVault, updateVault, type VaultRow } from "./vault-record";

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const VAULT_RPC = [
  "createVault",
  "getVault",
  "updateVault",
  "archiveVault",
  "deleteVault",
  "createCredential",
  "getCredential",
  "updateCredential",
  "listCredentials",
  "archiveCredential",
  "deleteCredential",
  "credentialForServer",
  "validateCredential",
  "resealSecrets",
] as const satisfies RpcSurface<VaultObject>;

/** The call that creates a vault, and with it its object's storage; before it, every other call finds no vault. */
const VAULT_CREATORS = ["createVault"] as const satisfies readonly (typeof VAULT_RPC)[number][];

/** What calls answer on a vault that was never created (a guessed id, another tenant's), which creates nothing. */
function absentVault(vaultId: string): AbsentAnswers<VaultObject> {
  return { otherwise: () => notFound("Vault", vaultId) };
}

export class VaultObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly schema: ObjectSchema;
  /** What refreshing OAuth tokens needs of this object, with the refreshes under way by credential id (callers wait on those). */
  private readonly refreshes: RefreshHost;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.schema = new ObjectSchema(this.sql, VAULT_MIGRATIONS);
    this.refreshes = { env, sql: this.sql, storage: ctx.storage, waitUntil: (promise) => ctx.waitUntil(promise), inFlight: new Map() };
  }

  /** The one RPC entry point callers use (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, VAULT_RPC, { schema: this.schema, creators: VAULT_CREATORS, absent: absentVault(this.vaultName) });
  }

  // --- The vault ---

  async createVault(tenantId: string, fields: NewVault): Promise<Vault> {
    const { id, ...requested } = fields;
    const { display_name, metadata } = parseOrThrow(VaultCreate, requested, "vault");
    // The id names the object, so a vault made on any other object could never be reached by its id.
    if (this.ctx.id.name !== undefined && this.ctx.id.name !== id) throw new Error(`vault ${id} created on the object named ${this.ctx.id.name}`);
    if (findVaultRow(this.sql)) throw invalidRequest(`Vault '${id}' already exists.`);
    insertVault(this.sql, tenantId, { id, display_name, metadata }, new Date().toISOString());
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "vault.created", id }, id));
    return this.syncListing();
  }

  getVault(tenantId: string): Vault {
    return renderVault(this.requireVault(tenantId));
  }

  async updateVault(tenantId: string, update: VaultUpdate): Promise<Vault> {
    updateVault(this.sql, this.requireWritableVault(tenantId), update, new Date().toISOString());
    return this.syncListing();
  }

  /** An archived vault keeps its credentials readable and deletable, takes no new ones, and lends none to sessions. */
  async archiveVault(tenantId: string): Promise<Vault> {
    const vault = this.requireVault(tenantId);
    archiveVault(this.sql, new Date().toISOString());
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "vault.archived", id: vault.id }, vault.id));
    return this.syncListing();
  }

  /** Deletes the vault with all its credentials and their sealed secrets. */
  async deleteVault(tenantId: string): Promise<DeletedVault> {
    const vault = this.requireVault(tenantId);
    this.ctx.storage.transactionSync(() => {
      for (const table of ["credentials", "vault"]) this.sql.exec(`DELETE FROM ${table}`);
    });
    await directoryOf(this.env, vault.tenant_id).removeListing("vault", vault.id);
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "vault.deleted", id: vault.id }, vault.id));
    return { id: vault.id, type: "vault_deleted" };
  }

  // --- Its credentials ---

  async createCredential(tenantId: string, params: CredentialCreate): Promise<Credential> {
    const { auth, display_name, metadata } = parseOrThrow(CredentialCreate, params, "credential");
    const vault = this.requireWritableVault(tenantId);
    const tokenEndpoint = auth.type === "mcp_oauth" ? auth.refresh?.token_endpoint : undefined;
    const problem = tokenEndpoint ? tokenEndpointProblem(this.env, tokenEndpoint) : null;
    if (problem) throw invalidRequest(`auth.refresh.token_endpoint ${problem}.`);
    const credentialId = newVaultCredentialId();
    const { shown, secrets } = splitNewAuth(auth);
    const sealed = await sealCredentialSecrets(this.env, this.ownerOf(vault, credentialId), secrets);
    // Checked again after sealing: the vault may have been archived, or filled, while the secrets were sealed.
    const row = this.ctx.storage.transactionSync(() => {
      this.requireWritableVault(tenantId);
      if (countCredentials(this.sql) >= MAX_CREDENTIALS_PER_VAULT) {
        throw invalidRequest(`Vault '${vault.id}' holds ${MAX_CREDENTIALS_PER_VAULT} credentials, its limit; delete one before adding another.`);
      }
      insertCredential(
        this.sql,
        { id: credentialId, display_name: display_name ?? null, auth: shown, sealed, metadata: metadata ?? {} },
        new Date().toISOString(),
      );
      return this.requireCredential(credentialId);
    });
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "vault_credential.created", id: credentialId, vault_id: vault.id }, credentialId));
    return renderCredential(row, vault.id);
  }

  getCredential(tenantId: string, credentialId: string): Credential {
    const vault = this.requireVault(tenantId);
    return renderCredential(this.requireCredential(credentialId), vault.id);
  }

  /** Changes a credential's name, metadata or auth (new secrets, expiry, refresh settings); its type and server URL stay. */
  async updateCredential(tenantId: string, credentialId: string, update: CredentialUpdate): Promise<Credential> {
    const vault = this.requireWritableVault(tenantId);
    this.requireWritableCredential(credentialId);
    const newSecrets = await sealCredentialSecrets(this.env, this.ownerOf(vault, credentialId), update.auth ? secretsOfUpdate(update.auth) : {});
    const row = this.ctx.storage.transactionSync(() => {
      this.requireWritableVault(tenantId);
      const current = this.requireWritableCredential(credentialId);
      const stored = storedCredential(current);
      const { shown, removed } = update.auth ? applyAuthUpdate(credentialId, stored.auth, update.auth) : { shown: stored.auth, removed: [] };
      const sealed = { ...stored.sealed, ...newSecrets };
      for (const field of removed) delete sealed[field];
      const display_name = update.display_name === undefined ? stored.display_name : update.display_name;
      const metadata = applyMetadataPatch(stored.metadata, update.metadata);
      rewriteCredential(this.sql, current, { id: credentialId, display_name, auth: shown, sealed, metadata }, new Date().toISOString());
      return this.requireCredential(credentialId);
    });
    return renderCredential(row, vault.id);
  }

  listCredentials(tenantId: string, query: CredentialListQuery): { data: Credential[]; next_page: string | null } {
    const vault = this.requireVault(tenantId);
    return pageCredentials(this.sql, vault.id, query);
  }

  async archiveCredential(tenantId: string, credentialId: string): Promise<Credential> {
    const vault = this.requireVault(tenantId);
    this.requireCredential(credentialId);
    archiveCredentialRow(this.sql, credentialId, new Date().toISOString());
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "vault_credential.archived", id: credentialId, vault_id: vault.id }, credentialId));
    return renderCredential(this.requireCredential(credentialId), vault.id);
  }

  async deleteCredential(tenantId: string, credentialId: string): Promise<DeletedCredential> {
    const vault = this.requireVault(tenantId);
    this.requireCredential(credentialId);
    this.sql.exec("DELETE FROM credentials WHERE id = ?", credentialId);
    this.ctx.waitUntil(emitWebhookEvent(this.env, tenantId, { type: "vault_credential.deleted", id: credentialId, vault_id: vault.id }, credentialId));
    return { id: credentialId, type: "vault_credential_deleted" };
  }

  // --- For sessions: what to send an MCP server ---

  /**
   * The Authorization header for an MCP server, from the oldest active credential whose `mcp_server_url` is exactly
   * this URL; null when there is none, or the vault is archived. An OAuth token that is due is refreshed first; when
   * that fails the answer says so instead of handing out a dead token. Only other objects call this: no route answers it.
   */
  /** Brings every credential secret under the current LUCID_SECRETS_KEY (a key rotation's last step; admin route only). */
  resealSecrets(tenantId: string): Promise<VaultResealReport> {
    const vault = this.requireVault(tenantId);
    return resealVaultSecrets(this.sql, this.env, tenantId, vault.id);
  }

  async credentialForServer(tenantId: string, vaultId: string, mcpServerUrl: string): Promise<ServerAuthorization | null> {
    const vault = this.requireVault(tenantId);
    if (vault.id !== vaultId) throw notFound("Vault", vaultId);
    if (vault.archived_at) return null;
    const row = firstActiveCredentialFor(this.sql, mcpServerUrl);
    if (!row) return null;
    const { auth } = storedCredential(row);
    if (auth.type === "mcp_oauth" && refreshIsDue(auth, Date.now())) {
      const refreshed = await refreshCredential(this.refreshes, this.ownerOf(vault, row.id));
      if (refreshed.status !== "succeeded" && refreshed.status !== "no_refresh_token") {
        return { credential_id: row.id, type: "mcp_oauth", authorization: null, error: `its OAuth token's refresh failed: ${refreshed.reason}` };
      }
    }
    const current = storedCredential(this.requireCredential(row.id));
    const field = current.auth.type === "static_bearer" ? "token" : "access_token";
    const token = await this.openSecret(vault, row.id, field);
    return {
      credential_id: row.id,
      type: current.auth.type,
      authorization: `Bearer ${token}`,
      expires_at: current.auth.type === "mcp_oauth" ? current.auth.expires_at : null,
    };
  }

  /** mcp_oauth_validate: refreshes the token if due, probes the MCP server with it, and says whether it works. */
  async validateCredential(tenantId: string, credentialId: string): Promise<CredentialValidation> {
    const vault = this.requireWritableVault(tenantId);
    const row = this.requireWritableCredential(credentialId);
    const { auth, sealed } = storedCredential(row);
    if (auth.type !== "mcp_oauth") {
      throw invalidRequest(`Credential '${credentialId}' is a ${auth.type} credential; only mcp_oauth credentials are validated.`);
    }
    const owner = this.ownerOf(vault, credentialId);
    return validateMcpOAuthCredential({
      env: this.env,
      vaultId: vault.id,
      credentialId,
      auth,
      hasRefreshToken: sealed.refresh_token !== undefined,
      refreshDue: refreshIsDue(auth, Date.now()),
      accessToken: () => this.openSecret(vault, credentialId, "access_token"),
      refresh: (): Promise<CredentialRefresh> => refreshCredential(this.refreshes, owner),
      secrets: async () => {
        const { sealed: now } = storedCredential(this.requireCredential(credentialId));
        const fields = Object.keys(now) as SecretField[];
        return Promise.all(fields.map((field) => this.openSecret(vault, credentialId, field)));
      },
    });
  }

  // --- Helpers ---

  private get vaultName(): string {
    return this.ctx.id.name ?? "(unnamed)";
  }

  private ownerOf(vault: VaultRow, credentialId: string): SecretOwner {
    return { tenantId: vault.tenant_id, vaultId: vault.id, credentialId };
  }

  /** One secret of a credential as stored now, opened. */
  private async openSecret(vault: VaultRow, credentialId: string, field: SecretField): Promise<string> {
    const { sealed } = storedCredential(this.requireCredential(credentialId));
    return openCredentialSecret(this.env, this.ownerOf(vault, credentialId), field, sealed[field] ?? "");
  }

  /** The vault, if it exists and belongs to this tenant; any other tenant is told it does not exist. */
  private requireVault(tenantId: string): VaultRow {
    const row = findVaultRow(this.sql);
    if (!row || row.tenant_id !== tenantId) throw notFound("Vault", this.vaultName);
    return row;
  }

  private requireWritableVault(tenantId: string): VaultRow {
    const row = this.requireVault(tenantId);
    if (row.archived_at) throw invalidRequest(`Vault '${row.id}' is archived; its credentials can be read, archived and deleted but not created or changed.`);
    return row;
  }

  private requireCredential(credentialId: string): CredentialRow {
    const row = findCredentialRow(this.sql, credentialId);
    if (!row) throw notFound("Credential", credentialId);
    return row;
  }

  private requireWritableCredential(credentialId: string): CredentialRow {
    const row = this.requireCredential(credentialId);
    if (row.archived_at) throw invalidRequest(`Credential '${credentialId}' is archived; it can be read and deleted but not changed.`);
    return row;
  }

  private async syncListing(): Promise<Vault> {
    const row = findVaultRow(this.sql);
    if (!row) throw new Error("vault object has no vault");
    const vault = renderVault(row);
    await directoryOf(this.env, row.tenant_id).putListing("vault", {
      id: vault.id,
      created_at: vault.created_at,
      archived: vault.archived_at !== null,
      body: vault,
    });
    return vault;
  }
}

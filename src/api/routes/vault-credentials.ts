// /v1/vaults/{vault_id}/credentials: create, retrieve, update, list, archive and delete a vault's credentials, and
// validate an mcp_oauth one against its MCP server. Secrets are accepted and never answered.
import { Hono } from "hono";
import { vaultOf } from "../../platform/stubs";
import { Page } from "../../schemas/page";
import { Credential, CredentialCreate, CredentialListQuery, CredentialUpdate, CredentialValidation, DeletedCredential } from "../../schemas/vault-credential";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";

export const vaultCredentialRoutes = new Hono<AppEnv>()
  .post(
    "/:vault_id/credentials",
    operation({
      operationId: "createVaultCredential",
      summary: "Create a credential in a vault",
      description: "Its secrets (token, access_token, refresh_token, client_secret) are stored sealed and never returned.",
      tag: "Vault credentials",
      body: CredentialCreate,
      responses: { 200: Credential },
    }),
    async (c) => {
      const params = c.req.valid("json");
      return answer(c, await vaultOf(c.env, c.req.param("vault_id")).createCredential(c.get("tenantId"), params));
    },
  )
  .get(
    "/:vault_id/credentials",
    operation({
      operationId: "listVaultCredentials",
      summary: "List a vault's credentials",
      tag: "Vault credentials",
      query: CredentialListQuery,
      responses: { 200: Page(Credential) },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("vault_id")).listCredentials(c.get("tenantId"), c.req.valid("query"))),
  )
  .get(
    "/:vault_id/credentials/:credential_id",
    operation({
      operationId: "retrieveVaultCredential",
      summary: "Retrieve a credential",
      tag: "Vault credentials",
      responses: { 200: Credential },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("vault_id")).getCredential(c.get("tenantId"), c.req.param("credential_id"))),
  )
  .post(
    "/:vault_id/credentials/:credential_id",
    operation({
      operationId: "updateVaultCredential",
      summary: "Update a credential",
      description: "Its type and MCP server URL never change; a secret left out is kept.",
      tag: "Vault credentials",
      body: CredentialUpdate,
      responses: { 200: Credential },
    }),
    async (c) => {
      const update = c.req.valid("json");
      return answer(c, await vaultOf(c.env, c.req.param("vault_id")).updateCredential(c.get("tenantId"), c.req.param("credential_id"), update));
    },
  )
  .post(
    "/:vault_id/credentials/:credential_id/archive",
    operation({
      operationId: "archiveVaultCredential",
      summary: "Archive a credential",
      tag: "Vault credentials",
      responses: { 200: Credential },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("vault_id")).archiveCredential(c.get("tenantId"), c.req.param("credential_id"))),
  )
  .post(
    "/:vault_id/credentials/:credential_id/mcp_oauth_validate",
    operation({
      operationId: "validateVaultCredentialMcpOAuth",
      summary: "Validate an MCP OAuth credential",
      description:
        "Refreshes the access token if it is due, then probes the MCP server (initialize, tools/list) with it; a refusal is answered by one refresh " +
        "and a second probe. Captured error responses are cut and scrubbed of the credential's secrets.",
      tag: "Vault credentials",
      responses: { 200: CredentialValidation },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("vault_id")).validateCredential(c.get("tenantId"), c.req.param("credential_id"))),
  )
  .delete(
    "/:vault_id/credentials/:credential_id",
    operation({
      operationId: "deleteVaultCredential",
      summary: "Delete a credential",
      tag: "Vault credentials",
      responses: { 200: DeletedCredential },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("vault_id")).deleteCredential(c.get("tenantId"), c.req.param("credential_id"))),
  );

// /v1/vaults: create, retrieve, update, list, archive and delete vaults (their credentials: vault-credentials.ts).
import { Hono } from "hono";
import { newVaultId } from "../../ids";
import { vaultOf } from "../../platform/stubs";
import { Page } from "../../schemas/page";
import { DeletedVault, Vault, VaultCreate, VaultListQuery, VaultUpdate } from "../../schemas/vault";
import type { AppEnv } from "../app-env";
import { listingPage } from "../listing-page";
import { answer, operation } from "../operation";

export const vaultRoutes = new Hono<AppEnv>()
  .post(
    "/",
    operation({
      operationId: "createVault",
      summary: "Create a vault",
      tag: "Vaults",
      body: VaultCreate,
      responses: { 200: Vault },
    }),
    async (c) => {
      const params = c.req.valid("json");
      const id = newVaultId();
      return answer(c, await vaultOf(c.env, id).createVault(c.get("tenantId"), { id, ...params }));
    },
  )
  .get(
    "/",
    operation({
      operationId: "listVaults",
      summary: "List vaults",
      tag: "Vaults",
      query: VaultListQuery,
      responses: { 200: Page(Vault) },
    }),
    async (c) => {
      const { limit, page, include_archived } = c.req.valid("query");
      return answer(c, await listingPage(c, "vault", { limit, page, include_archived }));
    },
  )
  .get(
    "/:id",
    operation({
      operationId: "retrieveVault",
      summary: "Retrieve a vault",
      tag: "Vaults",
      responses: { 200: Vault },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("id")).getVault(c.get("tenantId"))),
  )
  .post(
    "/:id",
    operation({
      operationId: "updateVault",
      summary: "Update a vault",
      tag: "Vaults",
      body: VaultUpdate,
      responses: { 200: Vault },
    }),
    async (c) => {
      const update = c.req.valid("json");
      return answer(c, await vaultOf(c.env, c.req.param("id")).updateVault(c.get("tenantId"), update));
    },
  )
  .post(
    "/:id/archive",
    operation({
      operationId: "archiveVault",
      summary: "Archive a vault",
      tag: "Vaults",
      responses: { 200: Vault },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("id")).archiveVault(c.get("tenantId"))),
  )
  .delete(
    "/:id",
    operation({
      operationId: "deleteVault",
      summary: "Delete a vault and its credentials",
      tag: "Vaults",
      responses: { 200: DeletedVault },
    }),
    async (c) => answer(c, await vaultOf(c.env, c.req.param("id")).deleteVault(c.get("tenantId"))),
  );

// /v1/secrets (Lucid extension, admin only): re-seals every stored secret under the current LUCID_SECRETS_KEY, the last
// step of a key rotation (docs/reference/security.md), and reports any secret that no configured key opens.
import { Hono } from "hono";
import { SecretsReseal, SecretsResealRequest } from "../../schemas/secrets-reseal";
import { ADMIN_DIRECTORY, type AppEnv, DEFAULT_TENANT } from "../app-env";
import { requireAdmin } from "../auth";
import { directoryOf, vaultOf } from "../../platform/stubs";
import { answer, operation } from "../operation";
import type { Env } from "../../env";

/** Keys listed per page of the admin index while gathering tenants. */
const KEY_PAGE = 100;

export const secretRoutes = new Hono<AppEnv>().use(requireAdmin).post(
  "/reseal",
  operation({
    operationId: "resealSecrets",
    summary: "Re-seal every stored secret under the current LUCID_SECRETS_KEY",
    tag: "Service",
    extension: true,
    body: SecretsResealRequest,
    responses: { 200: SecretsReseal },
  }),
  async (c) => {
    const report: SecretsReseal = { type: "secrets_reseal", tenants_checked: 0, resealed: 0, unopenable: [] };
    for (const tenantId of await tenantsWithKeys(c.env)) {
      const { resealed, unopenable } = await directoryOf(c.env, tenantId).resealWebhookSigningSecrets(tenantId);
      report.tenants_checked += 1;
      report.resealed += resealed;
      report.unopenable.push(...unopenable.map((id) => ({ tenant_id: tenantId, webhook_endpoint_id: id })));
      for (const vaultId of await vaultsOf(c.env, tenantId)) {
        const vault = await vaultOf(c.env, vaultId).resealSecrets(tenantId);
        report.resealed += vault.resealed;
        report.unopenable.push(...vault.unopenable.map((id) => ({ tenant_id: tenantId, vault_id: vaultId, vault_credential_id: id })));
      }
    }
    return answer(c, report);
  },
);

/** Every vault of the tenant, archived ones included (their credentials are kept, and a rotation must reach them). */
async function vaultsOf(env: Env, tenantId: string): Promise<string[]> {
  const ids: string[] = [];
  let page: string | undefined;
  do {
    const listed = await directoryOf(env, tenantId).listListings("vault", { limit: KEY_PAGE, include_archived: true, ...(page ? { page } : {}) });
    ids.push(...listed.data.map((vault) => vault.id));
    page = listed.next_page ?? undefined;
  } while (page);
  return ids;
}

/** Every tenant the admin index knows (a tenant whose keys were all deleted is not reached), and the default tenant. */
async function tenantsWithKeys(env: Env): Promise<string[]> {
  const tenants = new Set([DEFAULT_TENANT]);
  let page: string | undefined;
  do {
    const keys = await directoryOf(env, ADMIN_DIRECTORY).listApiKeys(KEY_PAGE, page);
    for (const key of keys.data) tenants.add(key.tenant_id);
    page = keys.next_page ?? undefined;
  } while (page);
  return [...tenants];
}

// Which tenant a key id (an API key's or an environment key's) belongs to, as the admin directory registered it when
// the key was created: the edge asks before it reaches any tenant's directory, so a forged key naming a tenant that
// does not hold it touches no tenant.
import type { Env } from "../env";
import { ADMIN_DIRECTORY } from "./app-env";
import { setBounded } from "../platform/bounded-map";
import { directoryOf } from "../platform/stubs";

/** Confirmed key ids kept per isolate; a key id never moves tenant, so an answer stays true for the key's life. */
const MAX_REMEMBERED_KEYS = 10_000;
const confirmedTenants = new Map<string, string>();

/**
 * Whether key `keyId` was issued to `tenantId`. Only confirmations are remembered: an unknown id is asked again, so a
 * key created a moment ago is found. A deleted key stays confirmed here; its tenant's directory then refuses it.
 */
export async function isRegisteredKey(env: Env, keyId: string, tenantId: string): Promise<boolean> {
  const remembered = confirmedTenants.get(keyId);
  if (remembered !== undefined) return remembered === tenantId;
  const registered = await directoryOf(env, ADMIN_DIRECTORY).registeredTenantOf(keyId);
  if (registered === null) return false;
  setBounded(confirmedTenants, keyId, registered, MAX_REMEMBERED_KEYS);
  return registered === tenantId;
}

/**
 * Registers an environment key's tenant, once its tenant holds the key's hash and before the key is shown: like an API
 * key's index row, written last, so a key works once both records exist.
 */
export async function registerEnvironmentKey(env: Env, keyId: string, tenantId: string): Promise<void> {
  await directoryOf(env, ADMIN_DIRECTORY).registerEnvironmentKey(keyId, tenantId);
}

/** Forgets environment keys their tenant has revoked (already refused there: this keeps the registry from growing). */
export async function forgetEnvironmentKeys(env: Env, keyIds: string[]): Promise<void> {
  if (keyIds.length === 0) return;
  for (const keyId of keyIds) confirmedTenants.delete(keyId);
  await directoryOf(env, ADMIN_DIRECTORY).unregisterEnvironmentKeys(keyIds);
}

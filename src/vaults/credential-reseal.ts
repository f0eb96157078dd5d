// Re-sealing a vault's credential secrets under the current LUCID_SECRETS_KEY, the last step of a key rotation
// (`POST /v1/secrets/reseal`): each value sealed under LUCID_SECRETS_KEY_PREVIOUS is opened and sealed again; a value no
// configured key opens is reported, never dropped. Archived credentials too: they may be restored to use by an update.
import { ApiError } from "../platform/errors";
import { openSecret, type SecretKeys, sealSecret } from "../secrets/secret-box";
import { type CredentialSecrets, credentialSecretAssociatedData, type SecretField, type SecretOwner } from "./credential-secrets";

export interface VaultResealReport {
  resealed: number;
  /** Credentials holding a secret that neither configured key opens. */
  unopenable: string[];
}

/** The credential's secrets as they should be stored now, or null when every one is already under the current key. */
async function resealed(keys: SecretKeys, owner: SecretOwner, sealed: CredentialSecrets): Promise<CredentialSecrets | null> {
  const next: CredentialSecrets = { ...sealed };
  let changed = false;
  for (const [field, value] of Object.entries(sealed) as [SecretField, string][]) {
    const data = credentialSecretAssociatedData(owner, field);
    const opened = await openSecret(keys, value, data);
    if (!opened.sealedUnderPreviousKey) continue;
    next[field] = await sealSecret(keys, opened.plaintext, data);
    changed = true;
  }
  return changed ? next : null;
}

export async function resealVaultSecrets(sql: SqlStorage, keys: SecretKeys, tenantId: string, vaultId: string): Promise<VaultResealReport> {
  const report: VaultResealReport = { resealed: 0, unopenable: [] };
  const rows = sql.exec<{ id: string; secrets: string }>("SELECT id, secrets FROM credentials ORDER BY seq").toArray();
  for (const row of rows) {
    try {
      const next = await resealed(keys, { tenantId, vaultId, credentialId: row.id }, JSON.parse(row.secrets) as CredentialSecrets);
      if (!next) continue;
      // Only if the row still holds what was read: a refresh or an update meanwhile already wrote under the current key.
      const written = sql.exec("UPDATE credentials SET secrets = ? WHERE id = ? AND secrets = ?", JSON.stringify(next), row.id, row.secrets).rowsWritten;
      if (written > 0) report.resealed += 1;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      report.unopenable.push(row.id);
    }
  }
  return report;
}

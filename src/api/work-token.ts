// The proof of a work token (`sk-lucid-<tenant>.<work id>.<secret>`, handed out in a polled work item's `secret`): not
// in the admin key registry, it is checked by the environment its work id names, which answers what it grants. An
// environment nothing was enqueued to answers null without creating storage, so a forged token touches nothing.
import type { Admission } from "../directory/token-bucket";
import type { Env } from "../env";
import { environmentIdOfWork } from "../ids";
import { environmentOf } from "../platform/stubs";
import type { WorkGrant } from "../schemas/environment-work";

/**
 * What the token grants if its secret is the one its item was last handed out with (null otherwise), with its request
 * taken from the token's own budget of `perMinute` by the same call.
 */
export async function proveWorkToken(
  env: Env,
  named: { tenantId: string; keyId: string },
  key: string,
  perMinute: number,
): Promise<{ grant: WorkGrant; admission: Admission } | null> {
  const environmentId = environmentIdOfWork(named.keyId);
  if (!environmentId) return null;
  const secret = key.slice(key.lastIndexOf(".") + 1);
  return environmentOf(env, environmentId).admitWorkToken(named.tenantId, named.keyId, secret, perMinute);
}

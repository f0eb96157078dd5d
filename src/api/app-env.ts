// The Hono context of every API request: the Worker's bindings and who is asking.
import type { Admission } from "../directory/token-bucket";
import type { Env } from "../env";
import type { WorkGrant } from "../schemas/environment-work";

/**
 * The credential that proved the request, which decides what it may reach (credential-scope.ts): the admin key, a
 * tenant's API key, a self-hosted environment's key (only that environment's work queue), or a work item's token
 * (only what the item's worker needs, as its grant says).
 */
export type Credential =
  | { type: "admin" }
  | { type: "api_key"; key_id: string }
  | { type: "environment_key"; key_id: string; environment_id: string }
  | { type: "work"; grant: WorkGrant };

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    tenantId: string;
    credential: Credential;
    /** The id of the key that authenticated the request (`credential.key_id`); "admin" for the admin key, which has no id of its own. */
    apiKeyId: string;
    /** Whether a tenant key's request fits its rate limit, decided while verifying the key (see rate-limit.ts). */
    admission: Admission;
  };
}

/** The tenant the admin key acts as, so a fresh deployment is usable with that key alone. */
export const DEFAULT_TENANT = "tnt_default";

/** The directory that indexes every tenant key for the admin. */
export const ADMIN_DIRECTORY = "admin";

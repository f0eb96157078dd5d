// The Hono context of every API request: the Worker's bindings and who is asking.
import type { Admission } from "../directory/token-bucket";
import type { Env } from "../env";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    tenantId: string;
    isAdmin: boolean;
    /** The id of the key that authenticated the request; "admin" for the admin key, which has no id of its own. */
    apiKeyId: string;
    /** Whether a tenant key's request fits its rate limit, decided while verifying the key (see rate-limit.ts). */
    admission: Admission;
  };
}

/** The tenant the admin key acts as, so a fresh deployment is usable with that key alone. */
export const DEFAULT_TENANT = "tnt_default";

/** The directory that indexes every tenant key for the admin. */
export const ADMIN_DIRECTORY = "admin";

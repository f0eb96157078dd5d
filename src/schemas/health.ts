// What `GET /healthz` answers while the Worker serves requests.
import { z } from "zod";

export const HealthStatus = z.object({ status: z.literal("ok") });
export type HealthStatus = z.infer<typeof HealthStatus>;

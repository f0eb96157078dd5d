// Environments: where a session's tools run. `cloud`: Lucid's own virtual workspace (no container); `self_hosted`:
// a machine of the user's, whose worker takes the session's tool calls from the environment's work queue.
import { z } from "zod";
import { FreeText, Metadata, MetadataPatch, NameText, notSupportedYet } from "./common";

const Networking = z.union([
  z.strictObject({ type: z.literal("unrestricted") }),
  z.strictObject({
    type: z.literal("limited"),
    allow_mcp_servers: z.boolean().nullish(),
    allow_package_managers: z.boolean().nullish(),
    allowed_hosts: z.array(z.string()).nullish(),
  }),
]);

const PackagesParam = z.strictObject({
  type: z.literal("packages").optional(),
  apt: notSupportedYet(),
  cargo: notSupportedYet(),
  gem: notSupportedYet(),
  go: notSupportedYet(),
  npm: notSupportedYet(),
  pip: notSupportedYet(),
});

const CloudConfigParam = z.strictObject({
  type: z.literal("cloud"),
  networking: Networking.nullish(),
  packages: PackagesParam.nullish(),
});
const SelfHostedConfig = z.strictObject({ type: z.literal("self_hosted") });

export const EnvironmentConfigParam = z.discriminatedUnion("type", [CloudConfigParam, SelfHostedConfig]);

const CloudConfig = z.object({
  type: z.literal("cloud"),
  networking: z.union([
    z.object({ type: z.literal("unrestricted") }),
    z.object({
      type: z.literal("limited"),
      allow_mcp_servers: z.boolean(),
      allow_package_managers: z.boolean(),
      allowed_hosts: z.array(z.string()),
    }),
  ]),
  packages: z.object({
    type: z.literal("packages"),
    apt: z.array(z.string()),
    cargo: z.array(z.string()),
    gem: z.array(z.string()),
    go: z.array(z.string()),
    npm: z.array(z.string()),
    pip: z.array(z.string()),
  }),
});

export const EnvironmentConfig = z.discriminatedUnion("type", [CloudConfig, SelfHostedConfig]);

export type EnvironmentConfig = z.infer<typeof EnvironmentConfig>;

export function normaliseEnvironmentConfig(param: z.infer<typeof EnvironmentConfigParam> | null | undefined): EnvironmentConfig {
  if (param?.type === "self_hosted") return { type: "self_hosted" };
  const networking = param?.networking;
  return {
    type: "cloud",
    networking:
      networking?.type === "limited"
        ? {
            type: "limited",
            allow_mcp_servers: networking.allow_mcp_servers ?? false,
            allow_package_managers: networking.allow_package_managers ?? false,
            allowed_hosts: networking.allowed_hosts ?? [],
          }
        : { type: "unrestricted" },
    packages: { type: "packages", apt: [], cargo: [], gem: [], go: [], npm: [], pip: [] },
  };
}

export const EnvironmentCreate = z.strictObject({
  name: NameText.min(1).max(256),
  config: EnvironmentConfigParam.nullish(),
  description: FreeText.max(2048).nullish(),
  metadata: Metadata.optional(),
  scope: z.enum(["organization", "account"]).nullish(),
});

export const EnvironmentUpdate = z.strictObject({
  name: NameText.min(1).max(256).nullish(),
  config: EnvironmentConfigParam.nullish(),
  description: FreeText.max(2048).nullish(),
  metadata: MetadataPatch.optional(),
  scope: z.enum(["organization", "account"]).nullish(),
});

export const Environment = z.object({
  id: z.string(),
  type: z.literal("environment"),
  name: z.string(),
  description: z.string().nullable(),
  config: EnvironmentConfig,
  metadata: Metadata,
  scope: z.enum(["organization", "account"]),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Environment = z.infer<typeof Environment>;

export const DeletedEnvironment = z.object({ id: z.string(), type: z.literal("environment_deleted") });
export type DeletedEnvironment = z.infer<typeof DeletedEnvironment>;

// What each worker test starts from: a running Lucid, the official SDK on its admin key, and helpers that make a
// self-hosted environment with a key for its worker, an agent with the toolset, a session, and a fresh directory.
import { mkdirSync, realpathSync } from "node:fs";
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { LucidClient } from "../../client/index";
import type { LucidServer } from "../harness/lucid-server";

export type Fixture = {
  server: LucidServer;
  /** The official SDK with the admin key: what a person's program uses. */
  admin: Anthropic;
  lucid: LucidClient;
  /** A directory of this run (under .cache), for the workers' directories. */
  root: string;
};

export type SelfHostedEnvironment = { environmentId: string; key: string; keyId: string };

export function fixtureOf(server: LucidServer, root: string): Fixture {
  const admin = new Anthropic({ baseURL: server.baseURL, apiKey: server.adminKey, maxRetries: 0 });
  return { server, admin, lucid: new LucidClient({ baseURL: server.baseURL, apiKey: server.adminKey }), root };
}

/** A self-hosted environment and a key for its worker, made through the API. */
export async function selfHostedEnvironment(fx: Fixture, name: string): Promise<SelfHostedEnvironment> {
  const environment = await fx.admin.beta.environments.create({ name, config: { type: "self_hosted" } });
  const created = await fx.lucid.environmentKeys.create(environment.id);
  return { environmentId: environment.id, key: created.key, keyId: created.id };
}

type PermissionPolicy = { type: "always_allow" } | { type: "always_ask" };

/** An agent with the agent toolset, every tool allowed unless `bashPolicy` says otherwise for bash. */
export async function toolsetAgent(fx: Fixture, name: string, bashPolicy: PermissionPolicy = { type: "always_allow" }): Promise<string> {
  const agent = await fx.admin.beta.agents.create({
    name,
    model: "claude-sonnet-5-5",
    tools: [
      {
        type: "agent_toolset_20260401",
        default_config: { enabled: true, permission_policy: { type: "always_allow" } },
        configs: [{ name: "bash", enabled: true, permission_policy: bashPolicy }],
      },
    ],
  });
  return agent.id;
}

/** A session of `agentId` in the environment; no memory store unless given (the agent's own is not attached). */
export async function sessionOf(fx: Fixture, agentId: string, environmentId: string, memoryStoreIds: string[] = []): Promise<string> {
  const session = await fx.admin.beta.sessions.create({
    agent: agentId,
    environment_id: environmentId,
    resources: memoryStoreIds.map((id) => ({ type: "memory_store" as const, memory_store_id: id, access: "read_write" as const })),
  });
  return session.id;
}

/** A new empty directory under the run's root, by its real path (what the worker's tools report). */
export function freshDirectory(fx: Fixture, name: string): string {
  const directory = path.join(fx.root, name);
  mkdirSync(directory, { recursive: true });
  return realpathSync(directory);
}

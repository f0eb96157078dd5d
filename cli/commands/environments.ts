// `lucid environments create|key|keys|revoke-key`: environments, and the keys a self-hosted environment's worker
// polls its work queue with (a new key is shown once).
import type Anthropic from "@anthropic-ai/sdk";
import type { EnvironmentKey } from "../../client/index";
import { UsageError } from "../argv";
import type { Command } from "../command";
import { table } from "../output";

const create: Command = {
  path: ["environments", "create"],
  args: [],
  summary: "create an environment (a cloud one, or --self-hosted for your own worker)",
  flags: {
    name: { type: "string", value: "<name>", description: "the environment's name" },
    "self-hosted": { type: "boolean", description: "tools run on your machine, by a worker holding one of its keys" },
  },
  async run(context, args) {
    const name = args.string("name");
    if (!name) throw new UsageError("--name is required");
    const config: Anthropic.Beta.EnvironmentCreateParams["config"] = args.bool("self-hosted") ? { type: "self_hosted" } : { type: "cloud" };
    const environment = await context.anthropic.beta.environments.create({ name, config });
    if (context.json) return (context.out.json(environment), 0);
    context.out.line(`${environment.id}  ${environment.name}  ${environment.config.type}`);
    if (environment.config.type === "self_hosted") context.out.line(`Give its worker a key: lucid environments key ${environment.id}`);
    return 0;
  },
};

const key: Command = {
  path: ["environments", "key"],
  args: ["<environment>"],
  summary: "create a key for a self-hosted environment's worker; the key is shown once",
  flags: {},
  async run(context, args) {
    const created = await context.lucid.environmentKeys.create(args.positionals[0]!);
    if (context.json) return (context.out.json(created), 0);
    context.out.line(`${created.id}  environment ${created.environment_id}`);
    context.out.line(`key: ${created.key}`);
    context.out.line("(shown only now: store it where the worker reads it; Lucid keeps only its hash)");
    return 0;
  },
};

const keys: Command = {
  path: ["environments", "keys"],
  args: ["<environment>"],
  summary: "list a self-hosted environment's keys (never their secrets)",
  flags: {},
  async run(context, args) {
    const environmentId = args.positionals[0]!;
    const listed: EnvironmentKey[] = [];
    for await (const item of context.lucid.environmentKeys.list(environmentId)) listed.push(item);
    if (context.json) return (context.out.json({ data: listed }), 0);
    if (!listed.length) return (context.out.line(`No keys yet: lucid environments key ${environmentId}`), 0);
    context.out.line(
      table(
        ["ID", "CREATED"],
        listed.map((item) => [item.id, item.created_at]),
      ),
    );
    return 0;
  },
};

const revoke: Command = {
  path: ["environments", "revoke-key"],
  args: ["<environment>", "<key>"],
  summary: "revoke a self-hosted environment's key at once",
  flags: {},
  async run(context, args) {
    const [environmentId, keyId] = args.positionals as [string, string];
    if (!keyId.startsWith("envkey_")) throw new UsageError("give the key's id (envkey_…), not the key itself");
    const deleted = await context.lucid.environmentKeys.delete(environmentId, keyId);
    if (context.json) return (context.out.json(deleted), 0);
    context.out.line(`Revoked ${deleted.id}.`);
    return 0;
  },
};

export const environmentCommands: Command[] = [create, key, keys, revoke];

// `lucid keys create|list|delete`: tenant API keys (admin key only); a new key is shown once.
import type { ApiKey } from "../../client/index";
import { positiveInteger, UsageError } from "../argv";
import type { Command } from "../command";
import { table } from "../output";

const create: Command = {
  path: ["keys", "create"],
  args: ["<name>"],
  summary: "create a key (a new tenant unless --tenant names one); the key is shown once",
  flags: {
    tenant: { type: "string", value: "<tnt_…>", description: "join this existing tenant" },
    "rate-limit": { type: "string", value: "<per minute>", description: "this key's own request budget" },
  },
  async run(context, args) {
    const tenant = args.string("tenant");
    const rate = args.string("rate-limit");
    const created = await context.lucid.apiKeys.create({
      name: args.positionals[0]!,
      ...(tenant ? { tenant_id: tenant } : {}),
      ...(rate ? { rate_limit_per_minute: positiveInteger("rate-limit", rate) } : {}),
    });
    if (context.json) return (context.out.json(created), 0);
    context.out.line(`${created.id}  ${created.name}  tenant ${created.tenant_id}`);
    context.out.line(`key: ${created.key}`);
    context.out.line("(shown only now: Lucid keeps only its hash)");
    return 0;
  },
};

const list: Command = {
  path: ["keys", "list"],
  args: [],
  summary: "list keys (never their secrets)",
  flags: {},
  async run(context) {
    const keys: ApiKey[] = [];
    for await (const key of context.lucid.apiKeys.list()) keys.push(key);
    if (context.json) return (context.out.json({ data: keys }), 0);
    if (!keys.length) return (context.out.line("No API keys yet."), 0);
    context.out.line(
      table(
        ["ID", "NAME", "TENANT", "RATE/MIN", "CREATED"],
        keys.map((key) => [
          key.id,
          key.name,
          key.tenant_id,
          key.rate_limit_per_minute === null ? "default" : String(key.rate_limit_per_minute),
          key.created_at,
        ]),
      ),
    );
    return 0;
  },
};

const remove: Command = {
  path: ["keys", "delete"],
  args: ["<key>"],
  summary: "revoke a key at once",
  flags: {},
  async run(context, args) {
    if (!args.positionals[0]!.startsWith("apikey_")) throw new UsageError("give the key's id (apikey_…), not the key itself");
    const deleted = await context.lucid.apiKeys.delete(args.positionals[0]!);
    if (context.json) return (context.out.json(deleted), 0);
    context.out.line(`Revoked ${deleted.id}.`);
    return 0;
  },
};

export const keyCommands: Command[] = [create, list, remove];

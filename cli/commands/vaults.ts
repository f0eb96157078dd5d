// `lucid vaults create|list|show|archive|delete|add-bearer|credentials|remove-credential`: vaults and the credentials
// Lucid presents to MCP servers, through the official SDK. A secret is read from the environment or stdin, never
// taken as an argument, and never printed: the API returns none.
import type Anthropic from "@anthropic-ai/sdk";
import { UsageError } from "../argv";
import type { Command, CommandContext } from "../command";
import { table } from "../output";
import { resolveVaultId } from "./lookups";

type Vault = Anthropic.Beta.Vaults.BetaManagedAgentsVault;
type Credential = Anthropic.Beta.Vaults.BetaManagedAgentsCredential;

function printVault(context: CommandContext, vault: Vault): void {
  if (context.json) return context.out.json(vault);
  context.out.line(`${vault.id}  ${vault.display_name}${vault.archived_at ? "  (archived)" : ""}`);
  context.out.line(`  created   ${vault.created_at}`);
}

/** The server URL of a credential, and when its token expires (static bearer tokens do not). */
function describeAuth(auth: Credential["auth"]): { url: string; expires: string } {
  if (auth.type === "environment_variable") return { url: "", expires: "" };
  return { url: auth.mcp_server_url, expires: auth.type === "mcp_oauth" ? (auth.expires_at ?? "unknown") : "never" };
}

/** The secret, from the variable named or from stdin (one trailing newline dropped, as `echo` and heredocs add one). */
async function readSecret(context: CommandContext, variable: string | undefined, fromStdin: boolean): Promise<string> {
  if (variable !== undefined && fromStdin) throw new UsageError("give --token-from-env or --token-stdin, not both");
  if (variable !== undefined) {
    const value = context.io.env[variable];
    if (!value) throw new UsageError(`the environment variable ${variable} is not set or empty`);
    return value;
  }
  if (!fromStdin) throw new UsageError("give the token with --token-from-env <VAR> or --token-stdin");
  if (!context.io.readStdin) throw new UsageError("standard input is not available here; use --token-from-env");
  const text = (await context.io.readStdin()).replace(/\r?\n$/, "");
  if (!text) throw new UsageError("standard input was empty");
  return text;
}

const create: Command = {
  path: ["vaults", "create"],
  args: [],
  summary: "create a vault for credentials of MCP servers",
  flags: { name: { type: "string", value: "<display name>", description: "the vault's name" } },
  async run(context, args) {
    const name = args.string("name");
    if (!name) throw new UsageError("--name is required");
    printVault(context, await context.anthropic.beta.vaults.create({ display_name: name }));
    return 0;
  },
};

const list: Command = {
  path: ["vaults", "list"],
  args: [],
  summary: "list vaults",
  flags: { archived: { type: "boolean", description: "include archived vaults" } },
  async run(context, args) {
    const vaults: Vault[] = [];
    for await (const vault of context.anthropic.beta.vaults.list({ include_archived: args.bool("archived") })) vaults.push(vault);
    if (context.json) return (context.out.json({ data: vaults }), 0);
    if (!vaults.length) return (context.out.line("No vaults yet: lucid vaults create --name <display name>"), 0);
    context.out.line(
      table(
        ["ID", "NAME", "CREATED", "ARCHIVED"],
        vaults.map((vault) => [vault.id, vault.display_name, vault.created_at, vault.archived_at ?? ""]),
      ),
    );
    return 0;
  },
};

const show: Command = {
  path: ["vaults", "show"],
  args: ["<vault>"],
  summary: "show a vault (by id or name)",
  flags: {},
  async run(context, args) {
    printVault(context, await context.anthropic.beta.vaults.retrieve(await resolveVaultId(context, args.positionals[0]!)));
    return 0;
  },
};

const archive: Command = {
  path: ["vaults", "archive"],
  args: ["<vault>"],
  summary: "archive a vault: sessions get none of its credentials, and it takes no new ones",
  flags: {},
  async run(context, args) {
    const vault = await context.anthropic.beta.vaults.archive(await resolveVaultId(context, args.positionals[0]!));
    if (context.json) return (context.out.json(vault), 0);
    context.out.line(`Archived ${vault.id} (${vault.display_name}).`);
    return 0;
  },
};

const remove: Command = {
  path: ["vaults", "delete"],
  args: ["<vault>"],
  summary: "delete a vault with its credentials and their sealed secrets",
  flags: {},
  async run(context, args) {
    const deleted = await context.anthropic.beta.vaults.delete(await resolveVaultId(context, args.positionals[0]!));
    if (context.json) return (context.out.json(deleted), 0);
    context.out.line(`Deleted ${deleted.id}.`);
    return 0;
  },
};

const addBearer: Command = {
  path: ["vaults", "add-bearer"],
  args: ["<vault>"],
  summary: "add a static bearer token for an MCP server (sent as Authorization: Bearer)",
  flags: {
    url: { type: "string", value: "<mcp server url>", description: "the server's URL, exactly as agents name it in mcp_servers" },
    "token-from-env": { type: "string", value: "<VAR>", description: "read the token from this environment variable" },
    "token-stdin": { type: "boolean", description: "read the token from standard input" },
    name: { type: "string", value: "<display name>", description: "a name for people" },
  },
  notes: [
    "The token is never an argument: arguments are visible to every user of the machine (ps, /proc) and stay in shell history.",
    "It is stored sealed and never shown again, by this command or any other.",
    "CASES_TOKEN=… lucid vaults add-bearer vlt_… --url https://mcp.example.com/mcp --token-from-env CASES_TOKEN",
    "pass show cases-token | lucid vaults add-bearer Team --url https://mcp.example.com/mcp --token-stdin",
  ],
  async run(context, args) {
    const url = args.string("url");
    if (!url) throw new UsageError("--url is required");
    const token = await readSecret(context, args.string("token-from-env"), args.bool("token-stdin"));
    const name = args.string("name");
    const vaultId = await resolveVaultId(context, args.positionals[0]!);
    const credential = await context.anthropic.beta.vaults.credentials.create(vaultId, {
      auth: { type: "static_bearer", mcp_server_url: url, token },
      ...(name ? { display_name: name } : {}),
    });
    if (context.json) return (context.out.json(credential), 0);
    context.out.line(`${credential.id}  static_bearer  ${url}  in ${vaultId}`);
    context.out.line("(the token is stored sealed and never shown again)");
    return 0;
  },
};

const credentials: Command = {
  path: ["vaults", "credentials"],
  args: ["<vault>"],
  summary: "list a vault's credentials: type, server URL and expiry, never a secret",
  flags: { archived: { type: "boolean", description: "include archived credentials" } },
  async run(context, args) {
    const vaultId = await resolveVaultId(context, args.positionals[0]!);
    const listed: Credential[] = [];
    for await (const credential of context.anthropic.beta.vaults.credentials.list(vaultId, { include_archived: args.bool("archived") }))
      listed.push(credential);
    if (context.json) return (context.out.json({ data: listed }), 0);
    if (!listed.length) return (context.out.line(`No credentials yet: lucid vaults add-bearer ${vaultId} --url <mcp server url> --token-from-env <VAR>`), 0);
    context.out.line(
      table(
        ["ID", "TYPE", "SERVER URL", "EXPIRES", "NAME", "ARCHIVED"],
        listed.map((credential) => {
          const { url, expires } = describeAuth(credential.auth);
          return [credential.id, credential.auth.type, url, expires, credential.display_name ?? "", credential.archived_at ?? ""];
        }),
      ),
    );
    return 0;
  },
};

const removeCredential: Command = {
  path: ["vaults", "remove-credential"],
  args: ["<vault>", "<credential>"],
  summary: "delete a credential and its sealed secret",
  flags: {},
  async run(context, args) {
    const credentialId = args.positionals[1]!;
    if (!credentialId.startsWith("vcrd_")) throw new UsageError("give the credential's id (vcrd_…)");
    const vaultId = await resolveVaultId(context, args.positionals[0]!);
    const deleted = await context.anthropic.beta.vaults.credentials.delete(credentialId, { vault_id: vaultId });
    if (context.json) return (context.out.json(deleted), 0);
    context.out.line(`Deleted ${deleted.id}.`);
    return 0;
  },
};

export const vaultCommands: Command[] = [create, list, show, archive, remove, addBearer, credentials, removeCredential];

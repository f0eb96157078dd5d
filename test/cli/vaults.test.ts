import { describe, expect, it } from "vitest";
import type Anthropic from "@anthropic-ai/sdk";
import type { Agent } from "../../client/index";
import { lucidClient } from "../fixtures/lucid";
import { jsonOf, lucid, ndjsonOf } from "./cli-harness";

type Vault = Anthropic.Beta.Vaults.BetaManagedAgentsVault;
type Credential = Anthropic.Beta.Vaults.BetaManagedAgentsCredential;

const client = lucidClient();
const SERVER_URL = "https://mcp.example.com/mcp";

describe("lucid vaults", () => {
  it("creates, lists and shows a vault, adds bearer credentials from the environment and stdin, and never prints a secret", async () => {
    const envToken = "cli-env-secret-4d1f9a";
    const stdinToken = "cli-stdin-secret-77b2c0";
    const printed: string[] = [];
    const run = async (argv: string[], options: Parameters<typeof lucid>[1] = {}) => {
      const result = await lucid(argv, options);
      printed.push(result.stdout, result.stderr);
      return result;
    };

    const created = await run(["vaults", "create", "--name", "CLI case system"]);
    expect(created.code).toBe(0);
    const vaultId = /^(vlt_\S+) {2}CLI case system\n/.exec(created.stdout)![1]!;
    expect((await run(["vaults", "list"])).stdout).toMatch(new RegExp(`^ID\\s+NAME\\s+CREATED\\s+ARCHIVED\\n(.*\\n)*${vaultId}\\s+CLI case system\\s+\\d{4}-`));
    expect(jsonOf<Vault>(await run(["vaults", "show", "CLI case system", "--json"]))).toMatchObject({ id: vaultId, type: "vault", archived_at: null });
    expect((await run(["vaults", "credentials", vaultId])).stdout).toBe(
      `No credentials yet: lucid vaults add-bearer ${vaultId} --url <mcp server url> --token-from-env <VAR>\n`,
    );

    const fromEnv = await run(["vaults", "add-bearer", vaultId, "--url", SERVER_URL, "--token-from-env", "CASES_TOKEN", "--name", "Cases"], {
      env: { CASES_TOKEN: envToken },
    });
    expect(fromEnv.code).toBe(0);
    const [, envCredentialId] = new RegExp(`^(vcrd_\\S+) {2}static_bearer {2}${SERVER_URL} {2}in ${vaultId}\\n\\(the token is stored sealed`).exec(
      fromEnv.stdout,
    )!;
    const fromStdin = jsonOf<Credential>(
      await run(["vaults", "add-bearer", "CLI case system", "--url", `${SERVER_URL}/other`, "--token-stdin", "--json"], { stdin: `${stdinToken}\n` }),
    );
    expect(fromStdin).toMatchObject({ vault_id: vaultId, auth: { type: "static_bearer", mcp_server_url: `${SERVER_URL}/other` } });

    const listed = await run(["vaults", "credentials", vaultId]);
    expect(listed.stdout).toMatch(/^ID\s+TYPE\s+SERVER URL\s+EXPIRES\s+NAME\s+ARCHIVED\n/);
    expect(listed.stdout).toMatch(new RegExp(`${envCredentialId}\\s+static_bearer\\s+${SERVER_URL}\\s+never\\s+Cases`));
    const listedJson = jsonOf<{ data: Credential[] }>(await run(["vaults", "credentials", vaultId, "--json"]));
    expect(listedJson.data.map((credential) => credential.id).sort()).toEqual([envCredentialId, fromStdin.id].sort());

    // An OAuth credential made elsewhere shows its expiry.
    const expiresAt = "2031-01-01T00:00:00Z";
    await client.beta.vaults.credentials.create(vaultId, {
      auth: { type: "mcp_oauth", mcp_server_url: "https://oauth.example.com/mcp", access_token: "oauth-secret-x", expires_at: expiresAt },
    });
    expect((await run(["vaults", "credentials", vaultId])).stdout).toMatch(/mcp_oauth\s+https:\/\/oauth\.example\.com\/mcp\s+2031-01-01T00:00:00/);

    expect((await run(["vaults", "remove-credential", vaultId, envCredentialId!])).stdout).toBe(`Deleted ${envCredentialId}.\n`);
    expect(jsonOf<{ data: Credential[] }>(await run(["vaults", "credentials", vaultId, "--json"])).data.map((item) => item.id)).not.toContain(envCredentialId);

    expect((await run(["vaults", "archive", vaultId])).stdout).toBe(`Archived ${vaultId} (CLI case system).\n`);
    expect((await run(["vaults", "list"])).stdout).not.toContain(vaultId);
    expect((await run(["vaults", "list", "--archived"])).stdout).toContain(vaultId);
    expect((await run(["vaults", "delete", vaultId])).stdout).toBe(`Deleted ${vaultId}.\n`);
    expect((await run(["vaults", "show", vaultId])).code).toBe(1);

    for (const text of printed) {
      expect(text).not.toContain(envToken);
      expect(text).not.toContain(stdinToken);
      expect(text).not.toContain("oauth-secret-x");
    }
  });

  it("takes a token only from the environment or stdin, and says why in the help", async () => {
    const vault = jsonOf<Vault>(await lucid(["vaults", "create", "--name", "Strict vault", "--json"]));
    const asArgument = await lucid(["vaults", "add-bearer", vault.id, "--url", SERVER_URL, "--token", "plain-secret"]);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toContain("unknown flag --token");
    const noSource = await lucid(["vaults", "add-bearer", vault.id, "--url", SERVER_URL]);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain("give the token with --token-from-env <VAR> or --token-stdin");
    const unset = await lucid(["vaults", "add-bearer", vault.id, "--url", SERVER_URL, "--token-from-env", "NOT_SET_ANYWHERE"]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("the environment variable NOT_SET_ANYWHERE is not set or empty");
    expect((await lucid(["vaults", "add-bearer", vault.id, "--url", SERVER_URL, "--token-stdin"], { stdin: "\n" })).code).toBe(2);
    expect((await lucid(["vaults", "credentials", vault.id, "--json"])).stdout).toContain('"data": []');

    const help = await lucid(["vaults", "add-bearer", "--help"]);
    expect(help.stdout).toMatch(/never an argument: arguments are visible to every user of the machine \(ps, \/proc\) and stay in shell history/);
    expect((await lucid(["vaults", "remove-credential", vault.id, "plain-secret"])).code).toBe(2);
  });
});

describe("lucid agents create --mcp and lucid run --vault", () => {
  it("connects MCP servers, always_ask unless --mcp-allow, and shows them", async () => {
    const asking = await lucid([
      "agents",
      "create",
      "--name",
      "Case clerk",
      "--toolset",
      "--mcp",
      `cases=${SERVER_URL}`,
      "--mcp",
      "docs=https://docs.example.com/mcp",
    ]);
    expect(asking.code).toBe(0);
    expect(asking.stdout).toMatch(/tools\s+agent_toolset_20260401, mcp_toolset, mcp_toolset\n/);
    expect(asking.stdout).toContain(`  mcp server    cases  ${SERVER_URL}  (always_ask)\n`);
    expect(asking.stdout).toContain("  mcp server    docs  https://docs.example.com/mcp  (always_ask)\n");

    const allowing = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Trusted clerk", "--mcp", `cases=${SERVER_URL}`, "--mcp-allow", "--json"]));
    expect(allowing.mcp_servers).toEqual([{ type: "url", name: "cases", url: SERVER_URL }]);
    expect(allowing.tools).toEqual([
      { type: "mcp_toolset", mcp_server_name: "cases", configs: [], default_config: { enabled: true, permission_policy: { type: "always_allow" } } },
    ]);
    expect((await lucid(["agents", "show", allowing.id])).stdout).toContain(`  mcp server    cases  ${SERVER_URL}  (always_allow)\n`);
  });

  it("refuses a malformed --mcp, --mcp-allow alone, and reports the API's refusal of a bad server", async () => {
    for (const bad of ["cases", "=https://x.example.com", "cases="]) {
      const run = await lucid(["agents", "create", "--name", "Bad", "--mcp", bad]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--mcp takes <name>=<url>");
    }
    expect((await lucid(["agents", "create", "--name", "Bad", "--mcp-allow"])).stderr).toContain("--mcp-allow goes with --mcp");
    const badName = await lucid(["agents", "create", "--name", "Bad", "--mcp", `a__b=${SERVER_URL}`]);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/invalid_request_error \(400\)/);
  });

  it("starts a session with the vaults given, by id or name, and refuses --vault with --session", async () => {
    const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Vaulted", "--reflection", "off", "--json"]));
    const first = jsonOf<Vault>(await lucid(["vaults", "create", "--name", "First vault", "--json"]));
    const second = jsonOf<Vault>(await lucid(["vaults", "create", "--name", "Second vault", "--json"]));
    const run = await lucid(["run", agent.id, "Say hello.", "--vault", first.id, "--vault", "Second vault", "--json"]);
    expect(run.code).toBe(0);
    const sessionId = ndjsonOf(run).at(-1)!.session_id as string;
    expect((await client.beta.sessions.retrieve(sessionId)).vault_ids).toEqual([first.id, second.id]);

    const withSession = await lucid(["run", agent.id, "Go on.", "--session", sessionId, "--vault", first.id]);
    expect(withSession.code).toBe(2);
    expect(withSession.stderr).toContain("--vault starts a session: it does not go with --session");
    const unknown = await lucid(["run", agent.id, "Hi.", "--vault", "No such vault"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no vault has the id or name "No such vault"');
  });
});

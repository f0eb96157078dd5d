// An agent's MCP servers: each server's URL, whether its tools run without asking (the toolset's permission policy),
// the tools configured apart from that default, and its health: a check connects as a session with the chosen vault
// would and lists the server's tools.
import type Anthropic from "@anthropic-ai/sdk";
import { useState } from "preact/hooks";
import type { McpServerCheck } from "../../../client/index";
import type { Agent } from "../../../src/schemas/agent";
import type { McpToolset } from "../../../src/schemas/mcp-servers";
import { describeError } from "../describe-error";
import { useLucid } from "../lucid-context";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { visibleText } from "../../../client/visible-text";

type Vault = Anthropic.Beta.Vaults.BetaManagedAgentsVault;

/** What a check found, in a few words: the tools it listed, or why it could not. */
function healthText(check: McpServerCheck): string {
  if (check.status === "ok")
    return `reachable: ${check.tools.length} tool${check.tools.length === 1 ? "" : "s"} (${check.tools.map((tool) => visibleText(tool.name)).join(", ")})`;
  const what = check.status === "authentication_failed" ? "credential refused" : "unreachable";
  return `${what}: ${visibleText(check.message ?? "")}`;
}

const POLICY_WORDS: Record<string, string> = {
  always_allow: "runs without asking",
  always_ask: "asks before each call",
  auto: "decided per call",
};

function describePolicy(policy: { type: string }): string {
  return `${policy.type} (${POLICY_WORDS[policy.type] ?? policy.type})`;
}

export function AgentMcpServers(props: { agent: Agent }) {
  const { agent } = props;
  const { lucid, anthropic } = useLucid();
  const vaults = useAsync(async () => {
    const all: Vault[] = [];
    for await (const vault of anthropic.beta.vaults.list()) all.push(vault);
    return all;
  }, [anthropic]);
  const [vaultId, setVaultId] = useState("");
  const [health, setHealth] = useState<Record<string, string>>({});
  if (!agent.mcp_servers.length) return <p>No MCP servers.</p>;
  const toolsets = agent.tools.filter((tool): tool is McpToolset => tool.type === "mcp_toolset");

  const check = async (serverName: string) => {
    setHealth((current) => ({ ...current, [serverName]: "checking…" }));
    try {
      const found = await lucid.agents.checkMcpServer(agent.id, serverName, vaultId ? { vault_ids: [vaultId] } : {});
      setHealth((current) => ({ ...current, [serverName]: healthText(found) }));
    } catch (reason) {
      setHealth((current) => ({ ...current, [serverName]: describeError(reason) }));
    }
  };

  return (
    <>
      <label>
        Check with the credential of{" "}
        <select value={vaultId} onChange={(event) => setVaultId((event.target as HTMLSelectElement).value)}>
          <option value="">no vault</option>
          {(vaults.data ?? [])
            .filter((vault) => !vault.archived_at)
            .map((vault) => (
              <option key={vault.id} value={vault.id}>
                {visibleText(vault.display_name)}
              </option>
            ))}
        </select>
      </label>
      <table>
        <caption class="visually-hidden">MCP servers of this agent and their toolsets' permission policies</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">URL</th>
            <th scope="col">Permission policy</th>
            <th scope="col">Tools configured apart</th>
            <th scope="col">Health</th>
          </tr>
        </thead>
        <tbody>
          {agent.mcp_servers.map((server) => {
            const toolset = toolsets.find((entry) => entry.mcp_server_name === server.name);
            return (
              <tr key={server.name}>
                <td>{server.name}</td>
                <td>
                  <code>{visibleText(server.url)}</code>
                </td>
                <td>
                  {toolset ? describePolicy(toolset.default_config.permission_policy) : "no toolset"}
                  {toolset && !toolset.default_config.enabled ? ", tools off unless named" : ""}
                </td>
                <td>
                  {toolset?.configs.length
                    ? toolset.configs.map((config) => `${visibleText(config.name)}: ${config.enabled ? config.permission_policy.type : "off"}`).join(", ")
                    : "—"}
                </td>
                <td>
                  <button type="button" onClick={() => check(server.name)} aria-label={`Check ${server.name}`}>
                    Check
                  </button>{" "}
                  <span role="status">{health[server.name] ?? ""}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="hint">
        Credentials for these servers come from the <a href={href("/vaults")}>vaults</a> a session names, matched by the server's URL.
      </p>
    </>
  );
}

// An agent's MCP servers: each server's URL, whether its tools run without asking (the toolset's permission policy),
// and the tools configured apart from that default.
import type { Agent } from "../../../src/schemas/agent";
import type { McpToolset } from "../../../src/schemas/mcp-servers";
import { href } from "../routes";
import { visibleText } from "../../../client/visible-text";

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
  if (!agent.mcp_servers.length) return <p>No MCP servers.</p>;
  const toolsets = agent.tools.filter((tool): tool is McpToolset => tool.type === "mcp_toolset");
  return (
    <>
      <table>
        <caption class="visually-hidden">MCP servers of this agent and their toolsets' permission policies</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">URL</th>
            <th scope="col">Permission policy</th>
            <th scope="col">Tools configured apart</th>
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

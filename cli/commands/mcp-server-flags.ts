// `--mcp <name>=<url>` and `--mcp-allow` of `agents create`: each server given becomes an `mcp_servers` entry and its
// `mcp_toolset`, since the API wants exactly one toolset per server.
import type { z } from "zod";
import type { AgentCreate } from "../../src/schemas/agent";
import { type FlagSpecs, type ParsedArgs, UsageError } from "../argv";

type McpFields = Pick<z.input<typeof AgentCreate>, "mcp_servers" | "tools">;

export const MCP_FLAGS: FlagSpecs = {
  mcp: {
    type: "list",
    value: "<name>=<url>",
    description: "connect an MCP server (repeatable); its credential comes from a vault the session names (lucid run --vault)",
  },
  "mcp-allow": {
    type: "boolean",
    description: "run the servers' tools without asking (always_allow); by default each call waits for a confirmation (always_ask)",
  },
};

export function mcpFields(args: ParsedArgs): McpFields | undefined {
  const entries = args.list("mcp");
  if (!entries.length) {
    if (args.bool("mcp-allow")) throw new UsageError("--mcp-allow goes with --mcp");
    return undefined;
  }
  const servers = entries.map((entry) => {
    const equals = entry.indexOf("=");
    const name = entry.slice(0, Math.max(equals, 0)).trim();
    const url = entry.slice(equals + 1).trim();
    if (equals === -1 || !name || !url) throw new UsageError(`--mcp takes <name>=<url>, not "${entry}"`);
    return { type: "url" as const, name, url };
  });
  // Left out, the policy is the API's default (always_ask), so the request says only what the user chose.
  const policy = args.bool("mcp-allow") ? { default_config: { permission_policy: { type: "always_allow" as const } } } : {};
  return {
    mcp_servers: servers,
    tools: servers.map((server) => ({ type: "mcp_toolset" as const, mcp_server_name: server.name, ...policy })),
  };
}

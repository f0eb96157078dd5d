// `lucid agents create|list|show|update|delete`: agents through the official SDK, with Lucid's fields shown.
import type Anthropic from "@anthropic-ai/sdk";
import type { Agent } from "../../client/index";
import { UsageError } from "../argv";
import type { Command, CommandContext } from "../command";
import { lucidAgent } from "../../client/lucid-shapes";
import { table } from "../output";
import { AGENT_FLAGS, agentFields } from "./agent-params";
import { resolveAgentId } from "./lookups";
import { MCP_FLAGS, mcpFields } from "./mcp-server-flags";

export const DEFAULT_MODEL = "claude-sonnet-5-5";

function describeDreaming(agent: Agent): string {
  const { dreaming } = agent;
  const schedule =
    !dreaming.enabled || !dreaming.schedule
      ? "on request"
      : dreaming.schedule.type === "cron"
        ? `cron ${dreaming.schedule.expression}`
        : `every ${dreaming.schedule.minutes} min`;
  return `${dreaming.mode}, ${schedule}`;
}

export function printAgent(context: CommandContext, agent: Agent): void {
  if (context.json) return context.out.json(agent);
  const { out } = context;
  out.line(`${agent.id}  ${agent.name}${agent.archived_at ? "  (archived)" : ""}`);
  out.line(`  model         ${agent.model.id}`);
  out.line(`  version       ${agent.version}`);
  if (agent.description) out.line(`  description   ${agent.description}`);
  if (agent.system) out.line(`  system        ${agent.system}`);
  out.line(`  memory store  ${agent.memory_store_id ?? "none"}  (reflection ${agent.memory.reflection ? "on" : "off"})`);
  out.line(`  dreaming      ${describeDreaming(agent)}`);
  if (agent.dream_status.last_dream_id) out.line(`  last dream    ${agent.dream_status.last_dream_id}`);
  if (agent.dream_status.last_skipped) out.line(`  last skipped  ${agent.dream_status.last_skipped.reason}`);
  if (agent.multiagent)
    out.line(`  coordinator   over ${agent.multiagent.agents.map((entry) => entry.id).join(", ")} (${agent.multiagent.max_parallel} at once)`);
  if (agent.tools.length) out.line(`  tools         ${agent.tools.map((tool) => (tool.type === "custom" ? tool.name : tool.type)).join(", ")}`);
  for (const server of agent.mcp_servers) {
    const toolset = agent.tools.find((tool) => tool.type === "mcp_toolset" && tool.mcp_server_name === server.name);
    const policy = toolset?.type === "mcp_toolset" ? toolset.default_config.permission_policy.type : "no toolset";
    out.line(`  mcp server    ${server.name}  ${server.url}  (${policy})`);
  }
}

const create: Command = {
  path: ["agents", "create"],
  args: [],
  summary: "create an agent",
  flags: { ...AGENT_FLAGS, ...MCP_FLAGS },
  notes: [
    'lucid agents create --name "Letter drafter" --dream-mode review',
    'lucid agents create --name "Case clerk" --mcp cases=https://mcp.example.com/mcp --mcp-allow',
  ],
  async run(context, args) {
    const { name, model, tools, ...rest } = agentFields(args);
    if (!name) throw new UsageError("--name is required");
    const mcp = mcpFields(args);
    const allTools = [...(tools ?? []), ...(mcp?.tools ?? [])];
    // The SDK passes Lucid's extension fields (memory, dreaming) through as they are.
    const params = {
      name,
      model: model ?? DEFAULT_MODEL,
      ...rest,
      ...(allTools.length ? { tools: allTools } : {}),
      ...(mcp ? { mcp_servers: mcp.mcp_servers } : {}),
    } as Anthropic.Beta.AgentCreateParams;
    printAgent(context, lucidAgent(await context.anthropic.beta.agents.create(params)));
    return 0;
  },
};

const list: Command = {
  path: ["agents", "list"],
  args: [],
  summary: "list agents",
  flags: { archived: { type: "boolean", description: "include archived agents" } },
  async run(context, args) {
    const agents: Agent[] = [];
    for await (const agent of context.anthropic.beta.agents.list({ include_archived: args.bool("archived") })) agents.push(lucidAgent(agent));
    if (context.json) return (context.out.json({ data: agents }), 0);
    if (!agents.length) return (context.out.line("No agents yet: lucid agents create --name <name>"), 0);
    context.out.line(
      table(
        ["ID", "NAME", "MODEL", "VERSION", "DREAMING", "MEMORY STORE"],
        agents.map((agent) => [agent.id, agent.name, agent.model.id, String(agent.version), describeDreaming(agent), agent.memory_store_id ?? ""]),
      ),
    );
    return 0;
  },
};

const show: Command = {
  path: ["agents", "show"],
  args: ["<agent>"],
  summary: "show an agent (by id or name) with its memory and dreaming settings",
  flags: {},
  async run(context, args) {
    printAgent(context, await context.lucid.agents.retrieve(await resolveAgentId(context, args.positionals[0]!)));
    return 0;
  },
};

const update: Command = {
  path: ["agents", "update"],
  args: ["<agent>"],
  summary: "change an agent (a new version); unnamed fields keep their value",
  flags: AGENT_FLAGS,
  async run(context, args) {
    const agentId = await resolveAgentId(context, args.positionals[0]!);
    const fields = agentFields(args);
    if (!Object.keys(fields).length) throw new UsageError("name at least one field to change (see lucid agents update --help)");
    const current = await context.lucid.agents.retrieve(agentId);
    const params = { version: current.version, ...fields } as Anthropic.Beta.AgentUpdateParams;
    printAgent(context, lucidAgent(await context.anthropic.beta.agents.update(agentId, params)));
    return 0;
  },
};

const remove: Command = {
  path: ["agents", "delete"],
  args: ["<agent>"],
  summary: "archive an agent (its sessions, memory and dreams are kept)",
  flags: {},
  async run(context, args) {
    const agent = lucidAgent(await context.anthropic.beta.agents.archive(await resolveAgentId(context, args.positionals[0]!)));
    if (context.json) return (context.out.json(agent), 0);
    context.out.line(`Archived ${agent.id} (${agent.name}).`);
    return 0;
  },
};

export const agentCommands: Command[] = [create, list, show, update, remove];

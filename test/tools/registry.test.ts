// The tool registry: one list of built-in tool families, offered in a fixed order, each name run by the one family that owns it.
import type Anthropic from "@anthropic-ai/sdk";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/schemas/agent";
import { AgentToolsetParam } from "../../src/schemas/agent-toolset";
import type { SessionThreadAgent } from "../../src/schemas/multiagent";
import { BUILTIN_TOOLS, BUILTIN_TOOLSETS, toolRegistry } from "../../src/tools/registry";
import { toolSucceeded } from "../../src/tools/tool-outcome";
import { mcpOfferedName } from "../../src/schemas/mcp-servers";
import type { OfferedMcpTool } from "../../src/tools/mcp-tools";
import type { ShownText } from "../../src/tools/web-url-sources";
import type { ToolContext, Toolset } from "../../src/tools/toolset";

const FILE_TOOLS = ["read", "write", "edit", "glob", "grep"];
const MEMORY_TOOLS = ["memory_list", "memory_read", "memory_search", "memory_write", "memory_edit"];
const THREAD_TOOLS = ["open_thread", "message_thread", "wait_for_threads"];
/** Offered by the default toolset in every environment; web_search because the tests configure a search provider. */
const WEB_TOOLS = ["web_fetch", "web_search"];

const SPECIALIST: SessionThreadAgent = {
  id: "agent_specialist",
  type: "agent",
  version: 1,
  name: "Specialist",
  description: null,
  model: { id: "claude-sonnet-4-5" },
  system: null,
  tools: [],
  execution_identity: { type: "service_account" },
  mcp_servers: [],
  skills: [],
};

const WORKER_TOOLS = ["bash", "read", "write", "edit", "glob", "grep"];

interface Session {
  toolset?: unknown;
  memory?: boolean;
  coordinator?: boolean;
  /** The session's environment runs a worker (self-hosted) rather than Lucid's workspace (cloud). */
  selfHosted?: boolean;
  /** Tools listed from the agent's MCP servers, offered as the toolset's `<server>__<tool>`. */
  mcp?: OfferedMcpTool[];
}

/**
 * A session's tool context without a session behind it: its workspace and stores exist nowhere, so only definitions,
 * ownership and what a toolset answers before any work are checked here (the tools' work: test/workspace/,
 * test/agent/session-memory.test.ts, test/multiagent/).
 */
const shown: ShownText[] = [];

function contextOf({ toolset = { type: "agent_toolset_20260401" }, memory = false, coordinator = false, selfHosted = false, mcp = [] }: Session): ToolContext {
  const agent = {
    id: "agent_registry",
    tools: toolset === null ? [] : [AgentToolsetParam.parse(toolset)],
    multiagent: coordinator ? { type: "coordinator", agents: [{ type: "agent", id: SPECIALIST.id, version: 1 }], max_parallel: 2 } : null,
  } as unknown as Agent;
  return {
    env,
    tenantId: "default",
    sessionId: "sesn_registry",
    environmentId: "env_registry",
    toolsetHost: selfHosted ? "self_hosted" : "cloud",
    agent,
    stores: memory ? [{ memory_store_id: "memstore_registry", name: "notes", access: "read_write", instructions: null }] : [],
    roster: coordinator ? [SPECIALIST] : null,
    workspaceId: () => "wks_registryregistryregistry",
    mcpTools: mcp,
    vaultIds: [],
    mcpTimeoutMs: 1_000,
    mcpToolsChanged: () => undefined,
    shownTexts: () => shown,
  };
}

const SERVER = { type: "url" as const, name: "cases", url: "https://mcp.example.com/mcp" };
const mcpTool = (name: string, policy: "always_allow" | "always_ask"): OfferedMcpTool => ({
  offered_name: mcpOfferedName(SERVER.name, name),
  server: SERVER,
  tool: { name, description: `The ${name} tool`, input_schema: { type: "object", properties: { case_id: { type: "string" } } } },
  permission_policy: { type: policy },
});

const names = (tools: Anthropic.Tool[]) => tools.map((tool) => tool.name);

describe("the built-in tool registry", () => {
  it("offers file, memory, thread and web tools in that order, each family only where the session has it", () => {
    expect(names(BUILTIN_TOOLS.definitions(contextOf({ memory: true, coordinator: true })))).toEqual([
      ...FILE_TOOLS,
      ...MEMORY_TOOLS,
      ...THREAD_TOOLS,
      ...WEB_TOOLS,
    ]);
    expect(names(BUILTIN_TOOLS.definitions(contextOf({})))).toEqual([...FILE_TOOLS, ...WEB_TOOLS]);
    expect(names(BUILTIN_TOOLS.definitions(contextOf({ toolset: null, memory: true })))).toEqual(MEMORY_TOOLS);
    expect(names(BUILTIN_TOOLS.definitions(contextOf({ toolset: null, coordinator: true })))).toEqual(THREAD_TOOLS);
    const readOnly = {
      type: "agent_toolset_20260401",
      default_config: { enabled: false },
      configs: [
        { name: "grep", enabled: true },
        { name: "read", enabled: true },
      ],
    };
    expect(names(BUILTIN_TOOLS.definitions(contextOf({ toolset: readOnly })))).toEqual(["read", "grep"]);
  });

  it("gives every offered name to exactly one toolset", () => {
    for (const selfHosted of [false, true]) {
      const context = contextOf({ memory: true, coordinator: true, selfHosted });
      const offered = names(BUILTIN_TOOLS.definitions(context));
      expect(new Set(offered).size).toBe(offered.length);
      for (const name of offered) {
        expect(BUILTIN_TOOLSETS.filter((toolset) => toolset.owns(name, context)).map((toolset) => toolset.family)).toHaveLength(1);
      }
    }
    expect(BUILTIN_TOOLSETS.map((toolset) => toolset.family)).toEqual(["file", "memory", "thread", "worker", "mcp", "web"]);
  });

  it("offers an MCP server's tools after the other families' but the web tools, under <server>__<tool>, each with its own permission", () => {
    const context = contextOf({ memory: true, mcp: [mcpTool("lookup_case", "always_allow"), mcpTool("close.case", "always_ask")] });
    expect(names(BUILTIN_TOOLS.definitions(context))).toEqual([...FILE_TOOLS, ...MEMORY_TOOLS, "cases__lookup_case", "cases__close_case", ...WEB_TOOLS]);
    expect(BUILTIN_TOOLS.owner("cases__lookup_case", context)?.family).toBe("mcp");
    expect(BUILTIN_TOOLS.owner("lookup_case", context)).toBeUndefined();
    expect(BUILTIN_TOOLS.permission("cases__lookup_case", context)).toBe("allow");
    expect(BUILTIN_TOOLS.permission("cases__close_case", context)).toBe("ask");
    const lookup = BUILTIN_TOOLS.definitions(context).find((tool) => tool.name === "cases__lookup_case")!;
    expect(lookup.input_schema).toEqual({ type: "object", properties: { case_id: { type: "string" } } });
    expect(lookup.description).toContain("MCP server cases, tool lookup_case");
  });

  it("offers the agent toolset as the worker runs it in a self-hosted environment, bash included, and no workspace file tools", () => {
    const context = contextOf({ memory: true, selfHosted: true });
    expect(names(BUILTIN_TOOLS.definitions(context))).toEqual([...MEMORY_TOOLS, ...WORKER_TOOLS, ...WEB_TOOLS]);
    expect(BUILTIN_TOOLS.owner("read", context)?.family).toBe("worker");
    expect(BUILTIN_TOOLS.owner("read", contextOf({}))?.family).toBe("file");
    expect(BUILTIN_TOOLS.owner("bash", contextOf({}))).toBeUndefined();
    const bash = BUILTIN_TOOLS.definitions(context).find((tool) => tool.name === "bash")!;
    expect(bash.input_schema).toMatchObject({ properties: { command: { type: "string" }, restart: { type: "boolean" }, timeout_ms: { type: "integer" } } });
  });

  it("runs the web tools on Lucid in every environment (the worker's toolset has none), each as its config enables it", () => {
    for (const selfHosted of [false, true]) {
      expect(BUILTIN_TOOLS.owner("web_fetch", contextOf({ selfHosted }))?.family).toBe("web");
      expect(BUILTIN_TOOLS.owner("web_search", contextOf({ selfHosted }))?.family).toBe("web");
    }
    const fetchOnly = { type: "agent_toolset_20260401", configs: [{ name: "web_search", enabled: false }] };
    expect(names(BUILTIN_TOOLS.definitions(contextOf({ toolset: fetchOnly })))).toEqual([...FILE_TOOLS, "web_fetch"]);
    expect(BUILTIN_TOOLS.owner("web_search", contextOf({ toolset: fetchOnly }))).toBeUndefined();
    expect(names(BUILTIN_TOOLS.definitions(contextOf({ toolset: null })))).toEqual([]);
    const held = { type: "agent_toolset_20260401", configs: [{ name: "web_fetch", permission_policy: { type: "always_ask" } }] };
    expect(BUILTIN_TOOLS.permission("web_fetch", contextOf({ toolset: held }))).toBe("ask");
    expect(BUILTIN_TOOLS.permission("web_search", contextOf({ toolset: held }))).toBe("allow");
  });

  it("asks before a call its toolset config holds (always_ask), and allows the others, auto included", () => {
    const held = {
      type: "agent_toolset_20260401",
      default_config: { permission_policy: { type: "always_ask" } },
      configs: [{ name: "read", permission_policy: { type: "auto" } }],
    };
    const context = contextOf({ toolset: held, memory: true });
    expect(BUILTIN_TOOLS.permission("write", context)).toBe("ask");
    expect(BUILTIN_TOOLS.permission("read", context)).toBe("allow");
    expect(BUILTIN_TOOLS.permission("memory_write", context)).toBe("allow");
    expect(BUILTIN_TOOLS.permission("bash", contextOf({ toolset: held, selfHosted: true }))).toBe("ask");
  });

  it("refuses a name no toolset owns with an error result", async () => {
    const outcome = await BUILTIN_TOOLS.run(
      { id: "sevt_unknown", name: "bash", input: {} },
      contextOf({ memory: true, coordinator: true }),
      new AbortController().signal,
    );
    expect(outcome).toEqual({ is_error: true, content: "Unknown built-in tool 'bash'." });
  });

  it("hands the step's abort signal to the toolset that owns the call", async () => {
    const seen: AbortSignal[] = [];
    const recording = (family: string, tool: string): Toolset => ({
      family,
      definitions: () => [],
      owns: (name) => name === tool,
      run: async (call, _context, signal) => {
        seen.push(signal);
        return toolSucceeded(`${family} ran ${call.name}`);
      },
    });
    const registry = toolRegistry([recording("first", "one"), recording("second", "two")]);
    const step = new AbortController();
    const outcome = await registry.run({ id: "sevt_two", name: "two", input: {} }, contextOf({}), step.signal);
    expect(outcome).toEqual(toolSucceeded("second ran two"));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(step.signal);
  });

  it("runs no tool of any family once the step is aborted", async () => {
    const context = contextOf({ memory: true, coordinator: true });
    const calls = [
      { id: "sevt_write", name: "write", input: { file_path: "/never.md", content: "x" } },
      { id: "sevt_memory", name: "memory_write", input: { path: "/never.md", content: "x" } },
      { id: "sevt_thread", name: "open_thread", input: { agent_id: SPECIALIST.id, task: "never" } },
    ];
    for (const call of calls) {
      const outcome = await BUILTIN_TOOLS.run(call, context, AbortSignal.abort());
      expect(outcome).toEqual({ is_error: true, content: expect.stringMatching(/interrupted/) });
    }
  });
});

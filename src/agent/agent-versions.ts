// An agent's configuration history: every update that changes something becomes a new, immutable version.
import { conflict, invalidRequest, notFound } from "../platform/errors";
import { mcpConfigProblems } from "../schemas/mcp-servers";
import { DEFAULT_MAX_ITERATIONS } from "../schemas/outcome";
import { type Agent, type AgentConfig, type AgentCreate, type AgentUpdate, DEFAULT_DREAMING_SETTINGS, DEFAULT_MEMORY_SETTINGS } from "../schemas/agent";
import { applyMetadataPatch } from "../schemas/common";
import type { Multiagent } from "../schemas/multiagent";
import { decodeCursor, toPage } from "../storage/page-cursor";
import { dreamStatusOf, readDreamState } from "./agent-dreams";

export type AgentRow = {
  id: string;
  tenant_id: string;
  version: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  memory_store_id: string | null;
  memory_store_history: string;
};

export function findAgentRow(sql: SqlStorage): AgentRow | null {
  return sql.exec<AgentRow>("SELECT * FROM agent").toArray()[0] ?? null;
}

/** `multiagent` is the request's roster already resolved against the tenant's agents (src/multiagent/roster.ts). */
export function configFromCreate(params: AgentCreate, multiagent: Multiagent | null): AgentConfig {
  return withMcpChecked({
    name: params.name,
    model: params.model,
    description: params.description ?? null,
    system: params.system ?? null,
    tools: params.tools ?? [],
    mcp_servers: params.mcp_servers ?? [],
    metadata: params.metadata ?? {},
    memory: { ...DEFAULT_MEMORY_SETTINGS, ...params.memory },
    dreaming: { ...DEFAULT_DREAMING_SETTINGS, ...params.dreaming },
    outcome: defaultOutcomeOf(params.outcome),
    multiagent,
  });
}

/** The config, once its MCP servers and toolsets fit together (checked on the whole config, as an update may change either). */
function withMcpChecked(config: AgentConfig): AgentConfig {
  const problems = mcpConfigProblems(config.mcp_servers ?? [], config.tools);
  if (problems.length) throw invalidRequest(problems.join("; "));
  return config;
}

/**
 * The config an update asks for; fields it leaves out keep their value, metadata is merged key by key. `multiagent` is
 * the update's roster resolved against the tenant's agents, undefined when the update leaves it out.
 */
export function configAfterUpdate(current: AgentConfig, update: AgentUpdate, multiagent?: Multiagent | null): AgentConfig {
  return withMcpChecked({
    name: update.name ?? current.name,
    model: update.model ?? current.model,
    description: update.description === undefined ? current.description : update.description,
    system: update.system === undefined ? current.system : update.system,
    tools: update.tools === undefined ? current.tools : (update.tools ?? []),
    mcp_servers: update.mcp_servers === undefined ? (current.mcp_servers ?? []) : (update.mcp_servers ?? []),
    metadata: applyMetadataPatch(current.metadata, update.metadata),
    memory: { ...current.memory, ...update.memory },
    dreaming: { ...current.dreaming, ...update.dreaming },
    outcome: update.outcome === undefined ? current.outcome : defaultOutcomeOf(update.outcome),
    multiagent: multiagent === undefined ? (current.multiagent ?? null) : multiagent,
  });
}

function defaultOutcomeOf(param: AgentCreate["outcome"]): AgentConfig["outcome"] {
  return param ? { description: param.description, rubric: param.rubric, max_iterations: param.max_iterations ?? DEFAULT_MAX_ITERATIONS } : null;
}

export function insertAgent(sql: SqlStorage, id: string, tenantId: string, config: AgentConfig): void {
  const now = new Date().toISOString();
  sql.exec("INSERT INTO agent (id, tenant_id, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)", id, tenantId, now, now);
  sql.exec("INSERT INTO agent_versions (version, config, created_at) VALUES (1, ?, ?)", JSON.stringify(config), now);
}

/** Records a new version when the config changed; `expectedVersion` guards against concurrent overwrites. */
export function updateAgentConfig(sql: SqlStorage, row: AgentRow, update: AgentUpdate, multiagent?: Multiagent | null): void {
  if (update.version !== undefined && update.version !== row.version) {
    throw conflict(`Agent '${row.id}' is at version ${row.version}, not ${update.version}; retrieve it and apply your change again.`);
  }
  // Versions saved before agents could coordinate lack `multiagent`; it is null, so an update that changes nothing stays one.
  const loaded = loadConfig(sql, row.version);
  const current = { ...loaded, multiagent: loaded.multiagent ?? null, mcp_servers: loaded.mcp_servers ?? [] };
  const next = configAfterUpdate(current, update, multiagent);
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  const now = new Date().toISOString();
  const version = row.version + 1;
  sql.exec("INSERT INTO agent_versions (version, config, created_at) VALUES (?, ?, ?)", version, JSON.stringify(next), now);
  sql.exec("UPDATE agent SET version = ?, updated_at = ?", version, now);
}

function loadConfig(sql: SqlStorage, version: number): AgentConfig {
  const row = sql.exec<{ config: string }>("SELECT config FROM agent_versions WHERE version = ?", version).toArray()[0];
  if (!row) throw notFound("Agent version", String(version));
  return JSON.parse(row.config) as AgentConfig;
}

export function renderAgent(sql: SqlStorage, row: AgentRow, version = row.version): Agent {
  const versionRow = sql.exec<{ config: string; created_at: string }>("SELECT config, created_at FROM agent_versions WHERE version = ?", version).toArray()[0];
  if (!versionRow) throw notFound(`Version ${version} of agent`, row.id);
  const config = JSON.parse(versionRow.config) as AgentConfig;
  return {
    id: row.id,
    type: "agent",
    version,
    ...config,
    // Versions recorded before agents carried a default outcome have none.
    outcome: config.outcome ?? null,
    // Versions recorded before agents could coordinate have no multiagent config.
    multiagent: config.multiagent ?? null,
    execution_identity: { type: "service_account" },
    // Versions recorded before agents had MCP servers have none.
    mcp_servers: config.mcp_servers ?? [],
    skills: [],
    memory_store_id: row.memory_store_id,
    dream_status: dreamStatusOf(readDreamState(sql)),
    created_at: row.created_at,
    updated_at: version === row.version ? row.updated_at : versionRow.created_at,
    archived_at: row.archived_at,
  };
}

/** Versions newest first, as the Managed Agents API lists them. */
export function pageAgentVersions(sql: SqlStorage, row: AgentRow, limit: number, page?: string) {
  const after = decodeCursor(page);
  const versions = sql
    .exec<{ version: number }>(
      "SELECT version FROM agent_versions WHERE version < ? ORDER BY version DESC LIMIT ?",
      after ? Number(after.key) : Number.MAX_SAFE_INTEGER,
      limit + 1,
    )
    .toArray();
  const result = toPage(versions, limit, (v) => ({ key: v.version, id: row.id }));
  return { data: result.data.map((v) => renderAgent(sql, row, v.version)), next_page: result.next_page };
}

// The agent itself: its versioned config, archiving, and the pointer to the memory store its new sessions attach.
import { invalidRequest } from "../../platform/errors";
import { memoryStoreOf } from "../../platform/stubs";
import { newMemoryStoreId } from "../../ids";
import type { Agent, AgentConfig, AgentUpdate } from "../../schemas/agent";
import type { Multiagent } from "../../schemas/multiagent";
import { emitWebhookEvent } from "../../webhooks/emit";
import type { AgentCore } from "../agent-core";
import { syncAgentListing } from "../agent-listings";
import { findAgentRow, insertAgent, pageAgentVersions, renderAgent, updateAgentConfig } from "../agent-versions";
import { agentUsesStore, moveToStore, PointerMoves, type PointerHost, releaseStore, rollBackStore } from "../memory-pointer";

export function agentConfig(core: AgentCore) {
  /** Moves of the agent's memory pointer, one after another (src/agent/memory-pointer.ts). */
  const moves = new PointerMoves();
  const pointer = (tenantId: string, agentId: string): PointerHost => ({ sql: core.sql, env: core.env, tenantId, agentId, moves });
  const announce = (tenantId: string, type: "agent.created" | "agent.updated" | "agent.archived", agentId: string, key: string) =>
    core.ctx.waitUntil(emitWebhookEvent(core.env, tenantId, { type, id: agentId }, key));

  const rpc = {
    async createAgent(tenantId: string, agentId: string, config: AgentConfig): Promise<Agent> {
      if (findAgentRow(core.sql)) throw invalidRequest(`Agent '${agentId}' already exists.`);
      // Every agent starts with a memory store of its own, which its sessions attach unless they choose others.
      const storeId = newMemoryStoreId();
      const store = await memoryStoreOf(core.env, storeId).createStore(tenantId, {
        id: storeId,
        name: `${config.name} memory`.slice(0, 255),
        description: `The memory of agent ${agentId}.`,
      });
      await moveToStore(pointer(tenantId, agentId), store.id, () => insertAgent(core.sql, agentId, tenantId, config));
      await core.agentChanged();
      announce(tenantId, "agent.created", agentId, agentId);
      return syncAgentListing(core);
    },

    getAgent(tenantId: string, agentId: string, version?: number): Agent {
      return renderAgent(core.sql, core.requireAgent(tenantId, agentId), version);
    },

    /** `multiagent` is the update's roster, resolved at the edge (undefined when the update leaves it out). */
    async updateAgent(tenantId: string, agentId: string, update: AgentUpdate, multiagent?: Multiagent | null): Promise<Agent> {
      const row = core.requireAgent(tenantId, agentId);
      const applyConfig = () => {
        const current = core.requireAgent(tenantId, agentId);
        if (current.archived_at) throw invalidRequest(`Agent '${agentId}' is archived and cannot be changed.`);
        updateAgentConfig(core.sql, current, update, multiagent);
      };
      // Lucid extension: `memory_store_id` repoints the agent, in one step with the rest of the update.
      if (update.memory_store_id === undefined) applyConfig();
      else await moveToStore(pointer(tenantId, agentId), update.memory_store_id, applyConfig);
      await core.agentChanged();
      const { version } = core.agentRow();
      if (version !== row.version) announce(tenantId, "agent.updated", agentId, `${agentId}@${version}`);
      return syncAgentListing(core);
    },

    async archiveAgent(tenantId: string, agentId: string): Promise<Agent> {
      const row = core.requireAgent(tenantId, agentId);
      if (!row.archived_at) core.sql.exec("UPDATE agent SET archived_at = ?", new Date().toISOString());
      await releaseStore(pointer(tenantId, agentId));
      await core.agentChanged();
      announce(tenantId, "agent.archived", agentId, agentId);
      return syncAgentListing(core);
    },

    listVersions(tenantId: string, agentId: string, limit: number, page?: string) {
      return pageAgentVersions(core.sql, core.requireAgent(tenantId, agentId), limit, page);
    },

    /** Points the agent back at the memory store it used before its latest dream; that store is kept, not deleted. */
    async rollbackMemory(tenantId: string, agentId: string): Promise<Agent> {
      core.requireAgent(tenantId, agentId);
      await rollBackStore(pointer(tenantId, agentId));
      return syncAgentListing(core);
    },

    /** A dream of this agent finished: its output store becomes the one new sessions attach. */
    async adoptDreamOutput(tenantId: string, agentId: string, dreamId: string, storeId: string): Promise<Agent> {
      core.requireAgent(tenantId, agentId);
      await moveToStore(pointer(tenantId, agentId), storeId);
      console.log(JSON.stringify({ event: "agent.memory_adopted", agent_id: agentId, dream_id: dreamId, memory_store_id: storeId }));
      return syncAgentListing(core);
    },

    /** Asked by a memory store before it is archived or deleted: whether this agent uses it as its memory (agent-pins.ts). */
    usesMemoryStore(tenantId: string, storeId: string): boolean {
      return agentUsesStore({ sql: core.sql, moves }, tenantId, storeId);
    },
  };
  return { rpc };
}

// The agent in an archive: exported page by page, restored from staged rows (machinery in src/archive/; the tables
// carried in ../agent-archive-tables.ts).
import { type ArchiveCursor, type ArchivePage, readArchivePage } from "../../archive/archive-rows";
import { abandonStaging, beginStaging, commitStaging, type StagingHost, stageRecords } from "../../archive/archive-staging";
import type { Agent } from "../../schemas/agent";
import type { ArchiveRecord } from "../../schemas/agent-archive";
import type { AgentCore } from "../agent-core";
import { syncAgentListing, syncSessionListing } from "../agent-listings";
import { AGENT_ARCHIVE_TABLES } from "../agent-archive-tables";
import { findAgentRow } from "../agent-versions";
import { markIdle } from "../session-status";

export function agentArchive(core: AgentCore) {
  const staging = (): StagingHost => ({
    storage: core.ctx.storage,
    sql: core.sql,
    tables: AGENT_ARCHIVE_TABLES,
    what: `Agent '${core.ctx.id.name}'`,
    exists: findAgentRow(core.sql) !== null,
  });

  const rpc = {
    archivePage(tenantId: string, agentId: string, cursor: ArchiveCursor): ArchivePage {
      core.requireAgent(tenantId, agentId);
      return readArchivePage(core.sql, AGENT_ARCHIVE_TABLES, cursor);
    },

    beginArchiveImport(importId: string): void {
      beginStaging(staging(), importId);
    },

    stageArchiveRecords(importId: string, records: ArchiveRecord[], firstLine: number): void {
      stageRecords(staging(), importId, records, firstLine);
    },

    /** Makes the restored agent live: a session that was running when exported is stopped, the dream cadence re-armed. */
    async commitArchiveImport(tenantId: string, importId: string): Promise<Agent> {
      commitStaging(staging(), importId, tenantId);
      const sessions = core.sql.exec<{ id: string; status: string }>("SELECT id, status FROM sessions ORDER BY rowid").toArray();
      for (const session of sessions) {
        if (session.status === "running" || session.status === "rescheduling")
          core.record(session.id, (append) => markIdle(core.sql, append, session.id, { type: "end_turn" }));
        await syncSessionListing(core, session.id);
      }
      await core.agentChanged();
      return syncAgentListing(core);
    },

    abandonArchiveImport(importId: string): void {
      abandonStaging(staging(), importId);
    },
  };
  return { rpc };
}

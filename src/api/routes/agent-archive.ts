// /v1/agents/{id}/export and /v1/agents/import (Lucid extension): a whole agent as one NDJSON archive, and back.
import { Hono } from "hono";
import { agentArchiveRecords, agentArchiveStream } from "../../agent/agent-archive-export";
import { importAgentArchive } from "../../agent/agent-archive-import";
import { ndjsonLines } from "../../archive/archive-lines";
import { AGENT_ARCHIVE_CONTENT_TYPE, AgentImportQuery, AgentImportResult } from "../../schemas/agent-archive";
import { invalidRequest } from "../../platform/errors";
import { agentStub } from "../object-stubs";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";

export const agentArchiveRoutes = new Hono<AppEnv>()
  .get(
    "/:id/export",
    operation({
      operationId: "exportAgent",
      summary: "Export an agent with its sessions, memory and dreams as one archive",
      tag: "Agents",
      extension: true,
      responses: { 200: { description: "The archive: one JSON record per line.", content: { [AGENT_ARCHIVE_CONTENT_TYPE]: { type: "string" } } } },
    }),
    async (c) => {
      const tenantId = c.get("tenantId");
      const agentId = c.req.param("id");
      // Not found (another tenant's agent included) is answered before the first byte of the archive.
      await agentStub(c, agentId).getAgent(tenantId, agentId);
      const archive = agentArchiveStream(agentId, agentArchiveRecords(c.env, tenantId, agentId));
      return c.body(archive, 200, { "content-type": AGENT_ARCHIVE_CONTENT_TYPE, "content-disposition": `attachment; filename="${agentId}.ndjson"` });
    },
  )
  .post(
    "/import",
    operation({
      operationId: "importAgent",
      summary: "Import an agent archive",
      tag: "Agents",
      extension: true,
      query: AgentImportQuery,
      body: { description: "An agent archive, as GET /v1/agents/{id}/export produces it.", content: { [AGENT_ARCHIVE_CONTENT_TYPE]: { type: "string" } } },
      responses: { 200: AgentImportResult },
      errors: [409],
    }),
    async (c) => {
      const body = c.req.raw.body;
      if (!body) throw invalidRequest("The request body must be an agent archive, as GET /v1/agents/{agent_id}/export produces it.");
      return answer(c, await importAgentArchive(c.env, c.get("tenantId"), ndjsonLines(body)));
    },
  );

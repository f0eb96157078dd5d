// Imports an agent archive read line by line: every line validated with the API's own rules, every record checked to
// belong to the archived agent, derived fields computed again, rows staged in their objects as they come, and only once
// the trailer's counts and checksum match, committed.
import { invalidRequest } from "../platform/errors";
import { agentOf, dreamOf, memoryStoreOf } from "../platform/stubs";
import type { Env } from "../env";
import { agentIdOfSession, dreamSessionId } from "../ids";
import { type AgentImportResult, ArchiveHeader, ArchiveRecord, ArchiveTrailer } from "../schemas/agent-archive";
import { parseOrThrow } from "../schemas/common";
import { illFormedTextPath, illFormedTextProblem } from "../schemas/well-formed-text";
import { restoredRecord } from "./agent-archive-derived";
import { archiveLineError, lineDigest } from "../archive/archive-lines";

/** Records go to an object in batches well below the RPC size limit. */
const BATCH_RECORDS = 200;
const BATCH_CHARS = 4_000_000;

/** What the import needs of each object it restores (AgentObject, MemoryStoreObject and DreamObject offer the same four). */
interface ImportTarget {
  beginArchiveImport(importId: string): Promise<void>;
  stageArchiveRecords(importId: string, records: ArchiveRecord[], firstLine: number): Promise<void>;
  commitArchiveImport(tenantId: string, importId: string): Promise<unknown>;
  abandonArchiveImport(importId: string): Promise<void>;
}

type Kind = "agent" | "memory_store" | "dream";

export async function importAgentArchive(env: Env, tenantId: string, lines: AsyncIterable<string>): Promise<AgentImportResult> {
  const importId = crypto.randomUUID();
  const digest = lineDigest();
  const targets = new Map<string, { kind: Kind; target: ImportTarget }>();
  const sessions = new Set<string>();
  const counts: Record<string, number> = {};
  let quarantined = 0;
  let header: ArchiveHeader | null = null;
  let trailer: ArchiveTrailer | null = null;
  /** Records of one object from consecutive lines, the first at `firstLine`. */
  let batch: { id: string; records: ArchiveRecord[]; chars: number; firstLine: number } | null = null;
  let number = 0;

  const flush = async () => {
    if (batch?.records.length) await targets.get(batch.id)!.target.stageArchiveRecords(importId, batch.records, batch.firstLine);
    batch = null;
  };
  const begin = async (kind: Kind, id: string) => {
    if (targets.has(id)) throw archiveLineError(number, `${id} appears twice.`);
    const target: ImportTarget = kind === "agent" ? agentOf(env, id) : kind === "dream" ? dreamOf(env, id) : memoryStoreOf(env, id);
    targets.set(id, { kind, target });
    await target.beginArchiveImport(importId);
  };
  /** The object a record is written to, after checking it belongs to the archived agent and comes after its owner. */
  const ownerOf = async (record: ArchiveRecord): Promise<string> => {
    const agentId = header!.agent_id;
    const requireOwner = (id: string, kind: Kind) => {
      if (targets.get(id)?.kind !== kind) throw archiveLineError(number, `${record.type} belongs to ${id}, which the archive has not introduced before it.`);
      return id;
    };
    const requireSession = (id: string) => {
      if (!sessions.has(id)) throw archiveLineError(number, `${record.type} belongs to session ${id}, which the archive has not introduced before it.`);
      return agentId;
    };
    switch (record.type) {
      case "agent":
        if (record.id !== agentId) throw archiveLineError(number, `the agent is ${record.id}, but the header names ${agentId}.`);
        await begin("agent", record.id);
        return record.id;
      case "agent_version":
      case "agent_dream_state":
        return requireOwner(agentId, "agent");
      case "session":
        if (agentIdOfSession(record.id) !== agentId) throw archiveLineError(number, `session ${record.id} is not a session of ${agentId}.`);
        sessions.add(record.id);
        return requireOwner(agentId, "agent");
      case "session_event":
      case "outcome":
        return requireSession(record.session_id);
      case "memory_store":
      case "dream":
        if (record.type === "dream" && record.agent_id !== agentId) throw archiveLineError(number, `dream ${record.id} is not a dream of ${agentId}.`);
        await begin(record.type, record.id);
        return record.id;
      case "memory":
      case "memory_version":
        return requireOwner(record.memory_store_id, "memory_store");
      case "dream_checkpoint":
        return requireOwner(record.dream_id, "dream");
      case "dream_event":
        if (record.session_id !== dreamSessionId(record.dream_id))
          throw archiveLineError(number, `event ${record.body.id} is not an event of dream ${record.dream_id}.`);
        return requireOwner(record.dream_id, "dream");
    }
  };

  try {
    for await (const line of lines) {
      number++;
      if (trailer) throw archiveLineError(number, "nothing may follow the trailer line.");
      const value = parseLine(line, number);
      if (number === 1) {
        header = parseOrThrow(ArchiveHeader, value, "agent archive header (line 1)");
        await digest.add(line);
        continue;
      }
      if ((value as { type?: unknown }).type === "lucid.agent_archive_end") {
        trailer = parseOrThrow(ArchiveTrailer, value, `agent archive trailer (line ${number})`);
        continue;
      }
      await digest.add(line);
      const parsed = parseOrThrow(ArchiveRecord, value, `agent archive record (line ${number})`);
      counts[parsed.type] = (counts[parsed.type] ?? 0) + 1;
      const owner = await ownerOf(parsed);
      const restored = await restoredRecord(parsed);
      if (restored.quarantined) quarantined++;
      if (batch && (batch.id !== owner || batch.records.length >= BATCH_RECORDS || batch.chars >= BATCH_CHARS)) await flush();
      batch ??= { id: owner, records: [], chars: 0, firstLine: number };
      batch.records.push(restored.record);
      batch.chars += line.length;
    }
    if (!header) throw archiveLineError(1, "the body is empty; an agent archive starts with its header line.");
    if (!trailer) throw archiveLineError(number, "the archive ends without its trailer line: it was cut short.");
    requireMatchingTrailer(trailer, counts, await digest.hex());
    if (!targets.has(header.agent_id)) throw archiveLineError(number, `the archive holds no agent record for ${header.agent_id}.`);
    await flush();
  } catch (error) {
    await Promise.allSettled([...targets.values()].map(({ target }) => target.abandonArchiveImport(importId)));
    throw error;
  }
  // Stores and dreams first, the agent last: until its commit nothing of the archive is reachable through the agent.
  for (const kind of ["memory_store", "dream", "agent"] as const) {
    for (const { target } of [...targets.values()].filter((entry) => entry.kind === kind)) await target.commitArchiveImport(tenantId, importId);
  }
  return { type: "agent_import", agent_id: header.agent_id, counts, quarantined_memories: quarantined };
}

function parseLine(line: string, number: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // reported below
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw archiveLineError(number, "the line is not a JSON object (was the archive cut short or edited?).");
  }
  const illFormed = illFormedTextPath(value);
  if (illFormed !== null) throw archiveLineError(number, illFormedTextProblem(illFormed));
  return value;
}

function requireMatchingTrailer(trailer: ArchiveTrailer, counts: Record<string, number>, sha256: string): void {
  const types = new Set([...Object.keys(trailer.counts), ...Object.keys(counts)]);
  for (const type of types) {
    if ((trailer.counts[type] ?? 0) !== (counts[type] ?? 0)) {
      throw invalidRequest(`Invalid agent archive: the trailer counts ${trailer.counts[type] ?? 0} ${type} records, the archive holds ${counts[type] ?? 0}.`);
    }
  }
  if (trailer.sha256 !== sha256)
    throw invalidRequest("Invalid agent archive: the checksum in the trailer does not match the lines; the archive was changed or damaged after export.");
}

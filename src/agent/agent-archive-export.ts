// Exports an agent as an NDJSON archive streamed page by page from its objects: the agent, its dreams, then its stores.
import { ApiError } from "../platform/errors";
import { agentOf, directoryOf, dreamOf, memoryStoreOf } from "../platform/stubs";
import type { Env } from "../env";
import { AGENT_ARCHIVE_FORMAT_VERSION, type ArchiveHeader, type ArchiveRecord, type ArchiveTrailer } from "../schemas/agent-archive";
import type { Dream } from "../schemas/dream-resource";
import { type ArchiveCursor, type ArchivePage, FIRST_PAGE } from "../archive/archive-rows";
import { lineDigest } from "../archive/archive-lines";

const DREAM_LISTING_PAGE = 100;

/** Every record of the agent's archive, in the order an import needs them (each object's own record before its rows). */
export async function* agentArchiveRecords(env: Env, tenantId: string, agentId: string): AsyncGenerator<ArchiveRecord> {
  const storeIds = new Set<string>();
  const agent = agentOf(env, agentId);
  for await (const record of pages((cursor) => agent.archivePage(tenantId, agentId, cursor))) {
    if (record.type === "agent") [record.memory_store_id, ...record.memory_store_history].forEach((id) => id && storeIds.add(id));
    yield record;
  }
  for await (const dream of agentDreams(env, tenantId, agentId)) {
    storesOfDream(dream).forEach((id) => storeIds.add(id));
    yield* pages((cursor) => dreamOf(env, dream.id).archivePage(tenantId, dream.id, cursor));
  }
  for (const storeId of storeIds) {
    try {
      yield* pages((cursor) => memoryStoreOf(env, storeId).archivePage(tenantId, cursor));
    } catch (error) {
      // A store someone deleted is gone from the agent's history as well as from the archive.
      if (!(error instanceof ApiError && error.type === "not_found_error")) throw error;
    }
  }
}

/** The archive as bytes: a header, the records, and a trailer with their counts and the SHA-256 of every line before it. */
export function agentArchiveStream(agentId: string, records: AsyncIterable<ArchiveRecord>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const digest = lineDigest();
  const counts: Record<string, number> = {};
  const header: ArchiveHeader = {
    type: "lucid.agent_archive",
    format_version: AGENT_ARCHIVE_FORMAT_VERSION,
    exported_at: new Date().toISOString(),
    agent_id: agentId,
  };
  const iterator = records[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // An error mid-way ends the stream without its trailer, so the truncated archive can never be imported.
      if (!started) {
        started = true;
        return controller.enqueue(encoder.encode(await digest.add(JSON.stringify(header))));
      }
      const next = await iterator.next();
      if (next.done) {
        const trailer: ArchiveTrailer = { type: "lucid.agent_archive_end", counts, sha256: await digest.hex() };
        controller.enqueue(encoder.encode(JSON.stringify(trailer) + "\n"));
        return controller.close();
      }
      counts[next.value.type] = (counts[next.value.type] ?? 0) + 1;
      controller.enqueue(encoder.encode(await digest.add(JSON.stringify(next.value))));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

async function* pages(read: (cursor: ArchiveCursor) => Promise<ArchivePage>): AsyncGenerator<ArchiveRecord> {
  let cursor: ArchiveCursor | null = FIRST_PAGE;
  while (cursor) {
    const page = await read(cursor);
    yield* page.records;
    cursor = page.next;
  }
}

async function* agentDreams(env: Env, tenantId: string, agentId: string): AsyncGenerator<Dream> {
  let page: string | undefined;
  do {
    const listing = await directoryOf(env, tenantId).listListings("dream", {
      limit: DREAM_LISTING_PAGE,
      page,
      include_archived: true,
      agent_id: agentId,
      order: "asc",
    });
    yield* listing.data as Dream[];
    page = listing.next_page ?? undefined;
  } while (page);
}

/** The stores a dream read and wrote, so that a restored agent can still roll back to any of them. */
function storesOfDream(dream: Dream): string[] {
  const read = dream.inputs.flatMap((input) => (input.type === "memory_store" ? [input.memory_store_id] : []));
  const inPlace = dream.output_behavior.type === "update_existing" ? [dream.output_behavior.memory_store_id] : [];
  return [...read, ...inPlace, ...dream.outputs.map((output) => output.memory_store_id)];
}

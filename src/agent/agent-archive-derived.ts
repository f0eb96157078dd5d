// What an import decides itself rather than trusts the archive for: the digests derived from each content, and where a
// memory the poisoning screen holds back is stored (the quarantine folder, which loading skips).
import { digestContent } from "../memory/content-digest";
import { quarantinePathOf, screenIncomingMemory } from "../memory/quarantine";
import type { ArchiveRecord } from "../schemas/agent-archive";

/**
 * The record as it is stored: content_sha256 and content_size_bytes computed from the content (null with no content),
 * and a live memory at risk moved under the quarantine folder. Versions keep their paths: they are the memory's history
 * as exported, never loaded into a session; only the live memory is, and only it needs holding back.
 */
export async function restoredRecord(record: ArchiveRecord): Promise<{ record: ArchiveRecord; quarantined: boolean }> {
  if (record.type !== "memory" && record.type !== "memory_version") return { record, quarantined: false };
  const digest = record.content === null ? { content_sha256: null, content_size_bytes: null } : await digestContent(record.content);
  if (record.type === "memory_version") return { record: { ...record, ...digest }, quarantined: false };
  const quarantined = screenIncomingMemory(record.content).risk !== null;
  const path = quarantined ? quarantinePathOf(record.path) : record.path;
  return { record: { ...record, content_sha256: digest.content_sha256!, content_size_bytes: digest.content_size_bytes!, path }, quarantined };
}

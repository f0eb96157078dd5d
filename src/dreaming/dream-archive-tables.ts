// Which tables of a DreamObject an agent archive carries, in the order they are exported (the dream's own record first).
// biome-ignore-all format: column lists are packed several to a line, in the order of the table's columns.
import { type ArchiveTable, eventBodyColumns } from "../archive/archive-rows";

/** The dream with its changeset and review, its pipeline checkpoints, and its progress session's events. */
export const DREAM_ARCHIVE_TABLES: readonly ArchiveTable[] = [
  {
    record: "dream",
    table: "dream",
    columns: [
      "id", "agent_id", "mode", "status", "phase", "request", "outputs", "error", "changeset", "review", "progress", "usage_by_phase",
      "retry_attempt", "created_at", "ended_at", "archived_at",
    ],
    json: ["request", "outputs", "error", "changeset", "review", "progress", "usage_by_phase"],
  },
  { record: "dream_checkpoint", table: "checkpoints", owner: "dream_id", columns: ["key", "value", "created_at"], json: ["value"] },
  { record: "dream_event", table: "events", owner: "dream_id", columns: ["seq", "session_id", "body"], json: ["body"], derived: eventBodyColumns },
];

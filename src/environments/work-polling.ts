// Handing work out: the oldest queued item (or one handed out earlier and never acked) goes to one poller, chosen and
// marked in one synchronous step so two polls never get the same item; polls with nothing to take wait in memory for
// an enqueue; the workers seen polling are counted for the queue's stats.
import { DEFAULT_RECLAIM_OLDER_THAN_MS } from "../schemas/environment-work";
import type { WorkRow } from "./work-items";

/** The item the next poll would take, if any: queued and not handed out, or handed out longer ago than `reclaimOlderThanMs`. */
function nextClaimable(sql: SqlStorage, now: number, reclaimOlderThanMs: number): WorkRow | undefined {
  return sql
    .exec<WorkRow>(
      "SELECT * FROM work_items WHERE state = 'queued' AND (handed_out_at IS NULL OR handed_out_at <= ?) ORDER BY queued_at, rowid LIMIT 1",
      now - reclaimOlderThanMs,
    )
    .toArray()[0];
}

export function hasClaimableWork(sql: SqlStorage, now: number, reclaimOlderThanMs = DEFAULT_RECLAIM_OLDER_THAN_MS): boolean {
  return nextClaimable(sql, now, reclaimOlderThanMs) !== undefined;
}

/**
 * Hands the next item to `workerId` with a new secret (its hash): an earlier hand-out's token stops working. Synchronous
 * from choice to write, so no other poll can take the item in between.
 */
export function claimWork(sql: SqlStorage, now: number, reclaimOlderThanMs: number, workerId: string | null, secretHash: string): WorkRow | null {
  const row = nextClaimable(sql, now, reclaimOlderThanMs);
  if (!row) return null;
  return sql
    .exec<WorkRow>("UPDATE work_items SET handed_out_at = ?, worker_id = ?, secret_hash = ? WHERE id = ? RETURNING *", now, workerId, secretHash, row.id)
    .one();
}

/** Polls waiting for work, in this instance's memory: an enqueue (or an item back from a lapsed lease) wakes them all. */
export class PollWaiters {
  private readonly waiting = new Set<() => void>();

  /** Resolves when work may have arrived, or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }
}

/** How recently a worker must have polled to count in `workers_polling` (the SDK documents 30 seconds). */
const WORKER_SIGHTING_MS = 30_000;

/** The workers seen polling lately, by their `Anthropic-Worker-ID`; kept in memory, since losing it only undercounts for 30 s. */
export class WorkerSightings {
  private readonly lastSeen = new Map<string, number>();

  saw(workerId: string, now: number): void {
    this.lastSeen.delete(workerId);
    this.lastSeen.set(workerId, now);
    this.forgetBefore(now - WORKER_SIGHTING_MS);
  }

  count(now: number): number {
    this.forgetBefore(now - WORKER_SIGHTING_MS);
    return this.lastSeen.size;
  }

  /** Entries are kept in order of their last sighting, so the stale ones are at the front. */
  private forgetBefore(cutoff: number): void {
    for (const [workerId, seen] of this.lastSeen) {
      if (seen >= cutoff) return;
      this.lastSeen.delete(workerId);
    }
  }
}

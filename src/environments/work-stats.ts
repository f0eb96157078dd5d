// The queue's statistics (BetaSelfHostedWorkQueueStats): items waiting, items handed out but not acked, the oldest of
// either, and how many workers polled lately.
import type { WorkQueueStats } from "../schemas/environment-work";

export function queueStats(sql: SqlStorage, workersPolling: number): WorkQueueStats {
  const row = sql
    .exec<{ depth: number; pending: number; oldest: string | null }>(
      `SELECT COALESCE(SUM(handed_out_at IS NULL), 0) AS depth, COALESCE(SUM(handed_out_at IS NOT NULL), 0) AS pending, MIN(queued_at) AS oldest
       FROM work_items WHERE state = 'queued'`,
    )
    .one();
  return { type: "work_queue_stats", depth: row.depth, pending: row.pending, oldest_queued_at: row.oldest, workers_polling: workersPolling };
}

/** The stats of a queue nothing was ever enqueued to (the workers may have polled it all the same). */
export function emptyQueueStats(workersPolling: number): WorkQueueStats {
  return { type: "work_queue_stats", depth: 0, pending: 0, oldest_queued_at: null, workers_polling: workersPolling };
}

// Which of an agent's sessions its next dream reads, and what its last dream (or skipped dream) was.
export type DreamState = {
  last_window_seq: number;
  last_dream_id: string | null;
  last_skip_at: string | null;
  last_skip_reason: string | null;
  next_dream_at: number | null;
};

const NO_DREAMS_YET: DreamState = { last_window_seq: 0, last_dream_id: null, last_skip_at: null, last_skip_reason: null, next_dream_at: null };

export function readDreamState(sql: SqlStorage): DreamState {
  return (
    sql.exec<DreamState>("SELECT last_window_seq, last_dream_id, last_skip_at, last_skip_reason, next_dream_at FROM dream_state").toArray()[0] ?? NO_DREAMS_YET
  );
}

/** The state's one row, made on first write. */
function stateRow(sql: SqlStorage): void {
  sql.exec("INSERT OR IGNORE INTO dream_state (id) VALUES (1)");
}

/** What the agent's next dream reads, or why there is nothing to dream about. */
export function planDream(sql: SqlStorage, storeId: string | null): { storeId: string; sessionIds: string[]; throughSeq: number } | { skipped: string } {
  if (!storeId) return { skipped: "The agent has no memory store." };
  const window = dreamWindow(sql, readDreamState(sql).last_window_seq);
  if (window.sessionIds.length === 0) return { skipped: "No session of this agent finished work since its last dream." };
  return { storeId, ...window };
}

/**
 * Sessions that did work (an agent reply) since the last dream's window and are not running now: a dream reads what
 * finished, so a session still at work is read by a later dream. The newest 100, as a dream reads at most that many.
 */
function dreamWindow(sql: SqlStorage, afterSeq: number): { sessionIds: string[]; throughSeq: number } {
  const throughSeq = sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM events").one().seq ?? 0;
  const sessionIds = sql
    .exec<{ session_id: string }>(
      `SELECT e.session_id FROM events e JOIN sessions s ON s.id = e.session_id
       WHERE e.seq > ? AND e.type = 'agent.message' AND s.status IN ('idle', 'terminated') AND s.archived_at IS NULL
       GROUP BY e.session_id ORDER BY MAX(e.seq) DESC LIMIT 100`,
      afterSeq,
    )
    .toArray()
    .map((row) => row.session_id);
  return { sessionIds, throughSeq };
}

/**
 * Why the agent's next dream must not start while `last` (its previous dream) has not ended, or null once it has: two
 * dreams over one store at once would each build an output from the same input, and the later adoption would drop the
 * other's changes. A dream held for review has not ended either.
 */
export function unfinishedDreamReason(last: { id: string; status: string; phase: string }): string | null {
  if (last.status !== "pending" && last.status !== "running") return null;
  const state = last.phase === "awaiting_review" ? "waiting for review (approve or reject it first)" : last.status;
  return `Dream '${last.id}' of this agent is still ${state}; an agent dreams one dream at a time.`;
}

export function dreamStatusOf(state: DreamState) {
  return {
    last_dream_id: state.last_dream_id,
    last_skipped: state.last_skip_at && state.last_skip_reason ? { at: state.last_skip_at, reason: state.last_skip_reason } : null,
    next_dream_at: state.next_dream_at === null ? null : new Date(state.next_dream_at).toISOString(),
  };
}

export function recordDreamStarted(sql: SqlStorage, dreamId: string, throughSeq: number): void {
  stateRow(sql);
  sql.exec("UPDATE dream_state SET last_window_seq = ?, last_dream_id = ?, last_skip_at = NULL, last_skip_reason = NULL", throughSeq, dreamId);
}

export function recordDreamSkipped(sql: SqlStorage, reason: string): void {
  stateRow(sql);
  sql.exec("UPDATE dream_state SET last_skip_at = ?, last_skip_reason = ?", new Date().toISOString(), reason);
}

export function recordNextDream(sql: SqlStorage, at: number | null): void {
  stateRow(sql);
  sql.exec("UPDATE dream_state SET next_dream_at = ?", at);
}

// Which occurrence of a deployment's cron schedule (src/schedule/cron.ts) a late alarm stands for.
import { type CronSchedule, cronOf } from "../schemas/cron";

/** How late an occurrence may run and still count as on time; later than this, its run is a catch-up. */
export const MISSED_AFTER_MS = 5 * 60_000;

export interface DueFire {
  /** The occurrence the run stands for: the latest one at or before now. */
  scheduledAt: number;
  /** Whether it stands for occurrences missed while the agent's object was down (more than one, or one run late). */
  catchUp: boolean;
}

/**
 * What an alarm due at `dueAt` should run at `now`: the occurrences in [dueAt, now] collapse into one run for the
 * latest of them, marked as a catch-up when any was missed. Null when none is due (an early or stale alarm).
 */
export function dueFire(schedule: CronSchedule, dueAt: number, now: number): DueFire | null {
  const cron = cronOf(schedule);
  const latest = cron.previousRuns(1, new Date(now + 1))[0]?.getTime();
  if (latest === undefined || latest < dueAt) return null;
  const first = cron.nextRun(new Date(dueAt - 1))?.getTime() ?? latest;
  return { scheduledAt: latest, catchUp: first < latest || now - latest > MISSED_AFTER_MS };
}

// A deployment's cron schedule (5-field POSIX cron in an IANA time zone, read by croner): validation, upcoming fire
// times, and which occurrence a late alarm stands for.
import { Cron } from "croner";

export interface CronSchedule {
  expression: string;
  timezone: string;
}

/** How late an occurrence may run and still count as on time; later than this, its run is a catch-up. */
export const MISSED_AFTER_MS = 5 * 60_000;

/** Five fields of digits, `*`, `,`, `-` and `/` only: the SDK refuses seconds, years, L, W, #, ? and @shortcuts. */
const POSIX_FIELD = /^[0-9*,/-]+$/;

/** Why the expression is not a cron expression Lucid runs, or null when it is. */
export function cronExpressionProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return "must have exactly 5 fields (minute hour day-of-month month day-of-week)";
  if (!fields.every((field) => POSIX_FIELD.test(field))) return "may use only digits, '*', ',', '-' and '/' (no L, W, #, ? or @shortcuts)";
  try {
    cronOf({ expression, timezone: "UTC" });
    return null;
  } catch (error) {
    return `is not a valid cron expression (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Whether the runtime's IANA time zone database knows the zone. */
export function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function cronOf(schedule: CronSchedule): Cron {
  return new Cron(schedule.expression.trim(), { paused: true, timezone: schedule.timezone, mode: "5-part" });
}

/** The first occurrence strictly after `after` (epoch ms), or null if the schedule never fires again. */
export function nextOccurrenceAfter(schedule: CronSchedule, after: number): number | null {
  return cronOf(schedule).nextRun(new Date(after))?.getTime() ?? null;
}

/** Up to `count` occurrences strictly after `after`, as ISO times. */
export function upcomingOccurrences(schedule: CronSchedule, after: number, count = 5): string[] {
  return cronOf(schedule)
    .nextRuns(count, new Date(after))
    .map((date) => date.toISOString());
}

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

// Lucid's cron: 5-field POSIX expressions in an IANA time zone, read by croner, and the one rule every schedule keeps
// (deployments and dreams alike): occurrences at least 5 minutes apart, and at least one within the next year.
import { Cron, CronPattern } from "croner";

export interface CronSchedule {
  expression: string;
  timezone: string;
}

/** The shortest time between two scheduled runs, for cron and interval schedules alike. */
export const MIN_SCHEDULE_INTERVAL_MINUTES = 5;

/** Five fields of digits, `*`, `,`, `-` and `/` only: the SDK refuses seconds, years, L, W, #, ? and @shortcuts. */
const POSIX_FIELD = /^[0-9*,/-]+$/;
const MINUTES_PER_DAY = 24 * 60;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Why the expression is not a schedule Lucid runs, or null when it is: its syntax, then the rule. `now` anchors
 * "the next year"; the time zone is the one the schedule runs in.
 */
export function cronExpressionProblem(expression: string, timezone = "UTC", now = Date.now()): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return "is not a valid cron expression: it must have exactly 5 fields (minute hour day-of-month month day-of-week)";
  if (!fields.every((field) => POSIX_FIELD.test(field))) {
    return "is not a valid cron expression: it may use only digits, '*', ',', '-' and '/' (no L, W, #, ? or @shortcuts)";
  }
  let pattern: CronPattern;
  try {
    pattern = new CronPattern(expression.trim(), timezone, { mode: "5-part" });
  } catch (error) {
    return `is not a valid cron expression (${error instanceof Error ? error.message : String(error)})`;
  }
  return firesTooOften(pattern, { expression, timezone }, now) ?? neverFiresWithinAYear({ expression, timezone }, now);
}

/** How a schedule that would run too often is refused, cron or interval alike. */
const SPACING_RULE = `a schedule's runs must be at least ${MIN_SCHEDULE_INTERVAL_MINUTES} minutes apart`;

/** The interval schedule's counterpart of the rule, worded alike. */
export const INTERVAL_TOO_SHORT = `is shorter than ${MIN_SCHEDULE_INTERVAL_MINUTES} minutes: ${SPACING_RULE}`;

/** Whether the runtime's IANA time zone database knows the zone. */
export function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function cronOf(schedule: CronSchedule): Cron {
  return new Cron(schedule.expression.trim(), { paused: true, timezone: schedule.timezone });
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

/**
 * The closest two occurrences, read from the fields rather than by listing occurrences (a year of them can be 100,000):
 * every firing day fires at the same times of day (hours x minutes), so the gaps are those between consecutive times,
 * and, when two consecutive days both fire, the one across midnight. Wall-clock time: a daylight-saving change can bring
 * two occurrences closer once a year.
 */
function firesTooOften(pattern: CronPattern, schedule: CronSchedule, now: number): string | null {
  const times = pattern.hour.flatMap((hourSet, hour) =>
    hourSet ? pattern.minute.flatMap((minuteSet, minute) => (minuteSet ? [hour * 60 + minute] : [])) : [],
  );
  for (let index = 1; index < times.length; index++) {
    const gap = times[index]! - times[index - 1]!;
    if (gap < MIN_SCHEDULE_INTERVAL_MINUTES) return tooCloseProblem(times[index - 1]!, times[index]!, gap, "");
  }
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const acrossMidnight = MINUTES_PER_DAY - last + first;
  if (acrossMidnight < MIN_SCHEDULE_INTERVAL_MINUTES && firesOnConsecutiveDays(schedule, now)) {
    return tooCloseProblem(last, first, acrossMidnight, " the next day");
  }
  return null;
}

function tooCloseProblem(earlier: number, later: number, gap: number, laterDay: string): string {
  const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return `fires at ${clock(earlier)} and at ${clock(later)}${laterDay}, ${gap} minute${gap === 1 ? "" : "s"} apart: ${SPACING_RULE}`;
}

/** Whether, within the next year, the expression's days include two in a row (its day fields at midnight, listed). */
function firesOnConsecutiveDays(schedule: CronSchedule, now: number): boolean {
  const [, , dayOfMonth, month, dayOfWeek] = schedule.expression.trim().split(/\s+/);
  const days = cronOf({ expression: `0 0 ${dayOfMonth} ${month} ${dayOfWeek}`, timezone: schedule.timezone }).nextRuns(367, new Date(now));
  return days.some((day, index) => index > 0 && day.getTime() - days[index - 1]!.getTime() <= DAY_MS + 60 * 60_000);
}

function neverFiresWithinAYear(schedule: CronSchedule, now: number): string | null {
  const yearFromNow = new Date(now);
  yearFromNow.setUTCFullYear(yearFromNow.getUTCFullYear() + 1);
  const next = nextOccurrenceAfter(schedule, now);
  if (next !== null && next <= yearFromNow.getTime()) return null;
  return `has no occurrence in the next year (${next === null ? "it never fires" : `its next is ${new Date(next).toISOString()}`})`;
}

// When an agent's next scheduled dream is due: a cron expression (UTC, parsed by croner) or a fixed interval.
import { Cron } from "croner";

export type DreamSchedule = { type: "cron"; expression: string } | { type: "interval"; minutes: number };

/** Whether croner accepts the expression; used to validate settings before they are stored. */
export function isValidCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true, timezone: "UTC" });
    return true;
  } catch {
    return false;
  }
}

/** The first time after `after` (epoch ms) that the schedule fires, or null if it never does again. */
export function nextDreamAt(schedule: DreamSchedule, after: number): number | null {
  if (schedule.type === "interval") return after + schedule.minutes * 60_000;
  const next = new Cron(schedule.expression, { paused: true, timezone: "UTC" }).nextRun(new Date(after));
  return next ? next.getTime() : null;
}

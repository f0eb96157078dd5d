// When an agent's next scheduled dream is due: a cron expression in UTC (src/schedule/cron.ts) or a fixed interval.
import { nextOccurrenceAfter } from "../schemas/cron";

export type DreamSchedule = { type: "cron"; expression: string } | { type: "interval"; minutes: number };

/** Dream cron expressions run in UTC. */
export const DREAM_TIMEZONE = "UTC";

/** The first time after `after` (epoch ms) that the schedule fires, or null if it never does again. */
export function nextDreamAt(schedule: DreamSchedule, after: number): number | null {
  if (schedule.type === "interval") return after + schedule.minutes * 60_000;
  return nextOccurrenceAfter({ expression: schedule.expression, timezone: DREAM_TIMEZONE }, after);
}

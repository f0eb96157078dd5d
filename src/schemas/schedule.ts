// Schedule fields of deployments and dreams, judged by the one cron rule (./cron.ts) and refused in the same words.
import { z } from "zod";
import { cronExpressionProblem, INTERVAL_TOO_SHORT, isKnownTimezone, MIN_SCHEDULE_INTERVAL_MINUTES } from "./cron";

/** A cron expression that runs in UTC (dream schedules). */
export const UtcCronExpression = z.string().superRefine((expression, context) => {
  const problem = cronExpressionProblem(expression);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

/** A cron schedule in a named time zone (deployments): the expression is judged in the zone it runs in. */
export const ZonedCronSchedule = z
  .strictObject({
    type: z.literal("cron"),
    expression: z.string(),
    timezone: z.string().min(1).refine(isKnownTimezone, "is not an IANA time zone"),
  })
  .superRefine((schedule, context) => {
    if (!isKnownTimezone(schedule.timezone)) return;
    const problem = cronExpressionProblem(schedule.expression, schedule.timezone);
    if (problem) context.addIssue({ code: "custom", path: ["expression"], message: problem });
  });

/** A fixed interval between runs, in minutes (at most a year). */
export const IntervalMinutes = z.number().int().min(MIN_SCHEDULE_INTERVAL_MINUTES, INTERVAL_TOO_SHORT).max(525_600);

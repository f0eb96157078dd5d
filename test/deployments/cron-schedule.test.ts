import { describe, expect, it } from "vitest";
import { cronExpressionProblem, dueFire, isKnownTimezone, MISSED_AFTER_MS, upcomingOccurrences } from "../../src/deployments/cron-schedule";

const at = (iso: string) => Date.parse(iso);

describe("cron schedules", () => {
  it("accept 5-field POSIX expressions and refuse extended syntax", () => {
    expect(cronExpressionProblem("0 9 * * 1-5")).toBeNull();
    expect(cronExpressionProblem("*/15 * * * 7")).toBeNull();
    expect(cronExpressionProblem("0 0 9 * * *")).toMatch(/exactly 5 fields/);
    expect(cronExpressionProblem("@daily")).toMatch(/exactly 5 fields/);
    expect(cronExpressionProblem("0 9 L * *")).toMatch(/only digits/);
    expect(cronExpressionProblem("0 9 * * 1#2")).toMatch(/only digits/);
    expect(cronExpressionProblem("61 9 * * *")).toMatch(/not a valid cron expression/);
  });

  it("know IANA time zones", () => {
    expect(isKnownTimezone("America/Los_Angeles")).toBe(true);
    expect(isKnownTimezone("UTC")).toBe(true);
    expect(isKnownTimezone("Mars/Olympus_Mons")).toBe(false);
  });

  it("match wall-clock time in the schedule's time zone, across daylight saving", () => {
    const weekdays = { expression: "0 9 * * 1-5", timezone: "America/Los_Angeles" };
    expect(upcomingOccurrences(weekdays, at("2026-03-06T00:00:00Z"), 3)).toEqual([
      "2026-03-06T17:00:00.000Z", // Friday, PST
      "2026-03-09T16:00:00.000Z", // Monday, PDT
      "2026-03-10T16:00:00.000Z",
    ]);
  });

  it("run an occurrence on time, and collapse missed occurrences into one catch-up for the latest", () => {
    const everyMinute = { expression: "* * * * *", timezone: "UTC" };
    expect(dueFire(everyMinute, at("2026-01-01T10:00:00Z"), at("2026-01-01T10:00:00.200Z"))).toEqual({ scheduledAt: at("2026-01-01T10:00:00Z"), catchUp: false });
    expect(dueFire(everyMinute, at("2026-01-01T10:00:00Z"), at("2026-01-01T10:42:30Z"))).toEqual({ scheduledAt: at("2026-01-01T10:42:00Z"), catchUp: true });

    const daily = { expression: "0 6 * * *", timezone: "Europe/Paris" };
    const sixInParis = at("2026-01-01T05:00:00Z");
    expect(dueFire(daily, sixInParis, sixInParis + MISSED_AFTER_MS - 1)?.catchUp).toBe(false);
    expect(dueFire(daily, sixInParis, sixInParis + MISSED_AFTER_MS + 1)).toEqual({ scheduledAt: sixInParis, catchUp: true });
  });

  it("start nothing for an alarm that fires before its occurrence", () => {
    const daily = { expression: "0 6 * * *", timezone: "UTC" };
    expect(dueFire(daily, at("2026-01-01T06:00:00Z"), at("2026-01-01T05:59:59Z"))).toBeNull();
  });
});

// Lucid's cron: 5-field POSIX syntax, time zones, and the one rule every schedule keeps (runs at least 5 minutes
// apart, at least one within the next year), for deployments and dreams alike.
import { describe, expect, it } from "vitest";
import { cronExpressionProblem, isKnownTimezone, upcomingOccurrences } from "../../src/schemas/cron";

const at = (iso: string) => Date.parse(iso);
const NOW = at("2026-12-07T18:00:00Z");

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

  it("refuse expressions whose runs come less than 5 minutes apart, naming the two times", () => {
    expect(cronExpressionProblem("* * * * *", "UTC", NOW)).toBe(
      "fires at 00:00 and at 00:01, 1 minute apart: a schedule's runs must be at least 5 minutes apart",
    );
    expect(cronExpressionProblem("*/4 * * * *", "UTC", NOW)).toMatch(/^fires at 00:00 and at 00:04, 4 minutes apart/);
    expect(cronExpressionProblem("0,3 9 * * 1-5", "UTC", NOW)).toMatch(/^fires at 09:00 and at 09:03, 3 minutes apart/);
    // The closest pair can straddle an hour…
    expect(cronExpressionProblem("58 9,10 * * *", "UTC", NOW)).toBeNull();
    expect(cronExpressionProblem("0,58 9,10 * * *", "UTC", NOW)).toMatch(/^fires at 09:58 and at 10:00, 2 minutes apart/);
    // …or midnight, which counts only when two days in a row both fire.
    expect(cronExpressionProblem("0,58 0,23 * * *", "UTC", NOW)).toMatch(/^fires at 23:58 and at 00:00 the next day, 2 minutes apart/);
    expect(cronExpressionProblem("0,58 0,23 1 * *", "UTC", NOW)).toBeNull();
    expect(cronExpressionProblem("0,58 0,23 31,1 * *", "UTC", NOW)).toMatch(/the next day, 2 minutes apart/);
  });

  it("accept runs exactly 5 minutes apart, and ordinary schedules", () => {
    for (const expression of ["*/5 * * * *", "0-55/5 * * * *", "3-58/5 * * * *", "0 9 * * 1-5", "30 2 * * *", "*/15 9-17 * * 1-5", "0 0 1 1 *"]) {
      expect(cronExpressionProblem(expression, "UTC", NOW), expression).toBeNull();
    }
    expect(cronExpressionProblem("*/5 * * * *", "America/New_York", NOW)).toBeNull();
  });

  it("refuse expressions with no occurrence in the next year", () => {
    expect(cronExpressionProblem("0 0 31 2 *", "UTC", NOW)).toBe("has no occurrence in the next year (it never fires)");
    expect(cronExpressionProblem("0 0 30 2 *", "Europe/Paris", NOW)).toMatch(/^has no occurrence in the next year/);
    // February 29th: next in 2028, more than a year after December 2026, yet within one from December 2027.
    expect(cronExpressionProblem("0 12 29 2 *", "UTC", NOW)).toBe("has no occurrence in the next year (its next is 2028-02-29T12:00:00.000Z)");
    expect(cronExpressionProblem("0 12 29 2 *", "UTC", at("2027-12-07T18:00:00Z"))).toBeNull();
  });
});

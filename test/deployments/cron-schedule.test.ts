import { describe, expect, it } from "vitest";
import { dueFire, MISSED_AFTER_MS } from "../../src/deployments/cron-schedule";

const at = (iso: string) => Date.parse(iso);

describe("cron schedules", () => {
  it("run an occurrence on time, and collapse missed occurrences into one catch-up for the latest", () => {
    const everyMinute = { expression: "* * * * *", timezone: "UTC" };
    expect(dueFire(everyMinute, at("2026-01-01T10:00:00Z"), at("2026-01-01T10:00:00.200Z"))).toEqual({
      scheduledAt: at("2026-01-01T10:00:00Z"),
      catchUp: false,
    });
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

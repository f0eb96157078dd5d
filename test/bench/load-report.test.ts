import { describe, expect, it } from "vitest";
import type { ClientResult } from "../../bench/load/load-client";
import { LOAD_MARKERS, loadSection, summariseLoad } from "../../bench/load/load-report";

const context = { command: "npm run bench:load", date: "2026-11-25", machine: "test machine" };

describe("load report", () => {
  it("summarises latency per operation with nearest-rank percentiles and counts requests and sessions", () => {
    const results: ClientResult[] = [
      { samples: [10, 20, 30, 40].map((ms) => ({ operation: "create_agent" as const, ms })), errors: [] },
      {
        samples: [
          { operation: "stream_to_idle", ms: 250 },
          { operation: "stream_to_idle", ms: 150 },
        ],
        errors: [],
      },
    ];
    const summary = summariseLoad(results, { clients: 2, rounds: 2, keys: "tenant" }, 2);
    expect(summary.latency.create_agent).toEqual({ count: 4, p50: 20, p95: 40, p99: 40, max: 40 });
    expect(summary.latency.stream_to_idle).toEqual({ count: 2, p50: 150, p95: 250, p99: 250, max: 250 });
    // Six timed calls, plus the message send of each of the two streamed sessions.
    expect(summary).toMatchObject({ requests: 8, sessions: 2, sessions_per_second: 1, errors: [] });
  });

  it("states the error count and lists the first errors in its section", () => {
    const results: ClientResult[] = [{ samples: [{ operation: "list_events", ms: 5 }], errors: ["client 0 round 1: 500 boom"] }];
    const section = loadSection(summariseLoad(results, { clients: 1, rounds: 2, keys: "admin" }, 1), context);
    expect(section.startsWith(LOAD_MARKERS.start)).toBe(true);
    expect(section.endsWith(LOAD_MARKERS.end)).toBe(true);
    expect(section).toContain("**Errors: 1**");
    expect(section).toContain("- client 0 round 1: 500 boom");
    expect(section).toContain("| list events | 1 | 5 | 5 | 5 | 5 |");
    expect(section).toContain("all signed in with the admin key");
  });
});

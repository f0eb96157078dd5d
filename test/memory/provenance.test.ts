import { describe, expect, it } from "vitest";
import { mergeProvenance, supportCount } from "../../src/memory/provenance";

describe("provenance", () => {
  it("merges evidence per session, without repeating events, in first-seen order", () => {
    const merged = mergeProvenance(
      [{ session_id: "sesn_a", event_ids: ["e1"] }],
      [
        { session_id: "sesn_b", event_ids: ["e7", "e7"] },
        { session_id: "sesn_a", event_ids: ["e2", "e1"] },
      ],
    );
    expect(merged).toEqual([
      { session_id: "sesn_a", event_ids: ["e1", "e2"] },
      { session_id: "sesn_b", event_ids: ["e7"] },
    ]);
  });

  it("does not change the provenance it merges into", () => {
    const current = [{ session_id: "sesn_a", event_ids: ["e1"] }];
    mergeProvenance(current, [{ session_id: "sesn_a", event_ids: ["e2"] }]);
    expect(current).toEqual([{ session_id: "sesn_a", event_ids: ["e1"] }]);
  });

  it("counts support in distinct sessions, not events", () => {
    expect(supportCount([])).toBe(0);
    expect(supportCount([{ session_id: "sesn_a", event_ids: ["e1", "e2", "e3"] }])).toBe(1);
    expect(supportCount(mergeProvenance([{ session_id: "sesn_a", event_ids: ["e1"] }], [{ session_id: "sesn_b", event_ids: [] }]))).toBe(2);
  });
});

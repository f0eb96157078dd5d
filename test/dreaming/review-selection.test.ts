// Review mode: choosing and editing operations of a held changeset.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/platform/errors";
import { selectOperations } from "../../src/dreaming/review-selection";
import type { DreamChangeset, DreamOperation } from "../../src/schemas/dream";

const evidence = [{ session_id: "sesn_a", event_ids: ["sevt_1"] }];
const create: DreamOperation = { id: "op_1", op: "create", path: "/a.md", content: "A", reason: "new", evidence };
const remove: DreamOperation = { id: "op_2", op: "delete", path: "/b.md", reason: "wrong", evidence: [] };
const update: DreamOperation = { id: "op_3", op: "update", path: "/c.md", content: "C", reason: "newer", evidence };
const changeset: DreamChangeset = {
  operations: [create, remove, update],
  refused: [{ operation: { ...create, id: "op_4" }, why: "exact duplicate of /a.md" }],
  flags: [],
  requires_review: true,
  review_reasons: ["op_2 (delete) would remove /b.md, which a person wrote"],
};

describe("selectOperations", () => {
  it("keeps only the approved operations, in changeset order, with edited content and the evidence they had", () => {
    const selected = selectOperations(changeset, ["op_3", "op_1"], [{ operation_id: "op_3", content: "C, as the reviewer put it" }]);
    expect(selected).toEqual([create, { ...update, content: "C, as the reviewer put it" }]);
    expect(selected[1]?.evidence).toEqual(evidence);
  });

  it("refuses approving an operation the changeset does not hold, refused ones included", () => {
    expect(() => selectOperations(changeset, ["op_4"])).toThrow(ApiError);
    expect(() => selectOperations(changeset, ["op_4"])).toThrow("approved operations op_4 are not in the changeset's operations");
  });

  it("refuses edits of unapproved operations and of operations without content", () => {
    expect(() => selectOperations(changeset, ["op_1"], [{ operation_id: "op_3", content: "x" }])).toThrow("only an approved operation can be edited");
    expect(() => selectOperations(changeset, ["op_2"], [{ operation_id: "op_2", content: "x" }])).toThrow("a delete has no content to edit");
  });
});

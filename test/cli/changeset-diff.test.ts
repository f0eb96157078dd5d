import { describe, expect, it } from "vitest";
import type { Dream } from "../../client/index";
import { renderChangeset } from "../../cli/render/changeset";
import { diffLines } from "../../client/line-diff";
import { formatDiff } from "../../cli/render/format-diff";

describe("line diffs", () => {
  it("keeps common lines and marks removed and added ones in order", () => {
    expect(formatDiff(diffLines("a\nb\nc", "a\nB\nc\nd"))).toEqual(["  a", "- b", "+ B", "  c", "+ d"]);
    expect(formatDiff(diffLines("", "new"))).toEqual(["+ new"]);
    expect(formatDiff(diffLines("old\nlines", ""))).toEqual(["- old", "- lines"]);
    expect(formatDiff(diffLines("same", "same"))).toEqual(["  same"]);
  });
});

describe("a changeset for review", () => {
  const base = {
    id: "drm_1",
    status: "running",
    phase: "awaiting_review",
    agent_id: "agent_1",
    inputs: [{ type: "memory_store", memory_store_id: "memstore_in" }],
    review: { state: "pending", reasons: ["the dream runs in review mode"], approved_operation_ids: null, edits: [], decided_at: null },
  };

  it("shows an update as a diff against the memory it changes, and a merge against each memory it merges", async () => {
    const dream = {
      ...base,
      changeset: {
        operations: [
          {
            id: "op_1",
            op: "update",
            path: "/prefs/signature.md",
            content: "Sign as\nThe Acme Legal Team",
            reason: "The user corrected it twice.",
            evidence: [
              { session_id: "sesn_a", event_ids: ["sevt_1", "sevt_2"] },
              { session_id: "sesn_b", event_ids: ["sevt_9"] },
            ],
          },
          {
            id: "op_2",
            op: "merge",
            path: "/tools/pdf.md",
            target_paths: ["/tools/pdf-a.md", "/tools/pdf-b.md"],
            content: "Convert first.",
            reason: "Two notes say the same.",
            evidence: [{ session_id: "sesn_c", event_ids: ["sevt_3"] }],
          },
          { id: "op_3", op: "delete", path: "/stale.md", reason: "Contradicted since.", evidence: [], contradicts: "/prefs/signature.md" },
        ],
        refused: [{ operation: { id: "op_4", op: "create", path: "/dup.md", content: "x", reason: "r", evidence: [] }, why: "duplicates /prefs/signature.md" }],
        flags: [{ type: "contradiction", operation_id: "op_1", paths: ["/prefs/signature.md", "/stale.md"], detail: "says otherwise" }],
        requires_review: true,
        review_reasons: [],
      },
    } as unknown as Dream;
    const store: Record<string, string> = {
      "/prefs/signature.md": "Sign as\nLegal",
      "/tools/pdf-a.md": "Convert DOCX first.",
      "/tools/pdf-b.md": "Export after converting.",
      "/stale.md": "Sign as Legal.",
    };
    const text = (await renderChangeset(dream, async (path) => store[path] ?? null)).join("\n");
    expect(text).toContain("drm_1  running · phase awaiting_review · review pending · agent agent_1\n  held: the dream runs in review mode");
    expect(text).toContain(
      [
        "op_1  update  /prefs/signature.md",
        "  why:  The user corrected it twice.",
        "  from: sesn_a (2 events: sevt_1, sevt_2); sesn_b (1 event: sevt_9)",
        "      Sign as",
        "    - Legal",
        "    + The Acme Legal Team",
      ].join("\n"),
    );
    expect(text).toContain(["op_2  merge  /tools/pdf.md ← /tools/pdf-a.md, /tools/pdf-b.md", "  why:  Two notes say the same."].join("\n"));
    expect(text).toContain(
      ["    - # /tools/pdf-a.md", "    - Convert DOCX first.", "    - # /tools/pdf-b.md", "    - Export after converting.", "    + Convert first."].join("\n"),
    );
    expect(text).toContain(
      [
        "op_3  delete  /stale.md",
        "  why:  Contradicted since.",
        "  from: no sessions cited",
        "  contradicts: /prefs/signature.md",
        "    - Sign as Legal.",
      ].join("\n"),
    );
    expect(text).toContain("refused create /dup.md: duplicates /prefs/signature.md");
    expect(text).toContain("contradiction (op_1): /prefs/signature.md vs /stale.md: says otherwise");
  });

  it("shows what the reviewer applied instead of the proposal, and which operations were left out", async () => {
    const dream = {
      ...base,
      status: "completed",
      phase: "done",
      review: {
        state: "approved",
        reasons: [],
        approved_operation_ids: ["op_1"],
        edits: [{ operation_id: "op_1", content: "Sign as\nThe Legal Team" }],
        decided_at: "2026-11-26T00:00:00Z",
      },
      changeset: {
        operations: [
          { id: "op_1", op: "update", path: "/sig.md", content: "Sign as\nThe Acme Legal Team", reason: "Corrected.", evidence: [] },
          { id: "op_2", op: "create", path: "/new.md", content: "New.", reason: "Seen.", evidence: [] },
        ],
        refused: [],
        flags: [],
        requires_review: true,
        review_reasons: [],
      },
    } as unknown as Dream;
    const text = (await renderChangeset(dream, async (path) => (path === "/sig.md" ? "Sign as\nLegal" : null))).join("\n");
    expect(text).toContain(
      [
        "op_1  update  /sig.md  [approved, edited by the reviewer]",
        "  why:  Corrected.",
        "  from: no sessions cited",
        "      Sign as",
        "    - Legal",
        "    + The Legal Team",
      ].join("\n"),
    );
    expect(text).toContain("op_2  create  /new.md  [not approved]");
  });
});

import { describe, expect, it } from "vitest";
import { clusterObservations, isStrongCluster } from "../../src/dreaming/observation-clusters";
import { withPriorSupport } from "../../src/dreaming/prior-support";
import type { MemoryEntry, Observation } from "../../src/schemas/dream";

const observed = (sessionId: string, tool = "export_pdf"): Observation => ({
  statement: `When ${tool} fails with unsupported input format docx, retry with convert_first: true.`,
  kind: "workaround",
  tool,
  error_signature: `${tool}: unsupported input format docx`,
  evidence: [{ session_id: sessionId, event_ids: ["sevt_1"] }],
  user_stated: false,
});

const memory = (path: string, content: string, sessions: string[], extra: Partial<MemoryEntry> = {}): MemoryEntry => ({
  path,
  content,
  content_sha256: "0".repeat(64),
  author: { type: "session", id: sessions[0] },
  provenance: sessions.map((session_id) => ({ session_id, event_ids: ["sevt_0"] })),
  support_count: sessions.length,
  last_confirmed_at: null,
  ...extra,
});

const lesson = "export_pdf fails with unsupported input format docx: retry with convert_first: true.";

describe("withPriorSupport", () => {
  it("counts earlier sessions behind a memory that states the same lesson, making a once-per-window pattern strong", () => {
    const [cluster] = clusterObservations([observed("sesn_new")]);
    expect(isStrongCluster(cluster!)).toBe(false);
    const [backed] = withPriorSupport([cluster!], [memory("/workarounds/export.md", lesson, ["sesn_old"])]);
    expect(backed).toMatchObject({ support: 1, prior_support: 1, provenance: [{ session_id: "sesn_new" }] });
    expect(isStrongCluster(backed!)).toBe(true);
  });

  it("does not count the cluster's own sessions twice", () => {
    const [cluster] = clusterObservations([observed("sesn_same")]);
    const [backed] = withPriorSupport([cluster!], [memory("/workarounds/export.md", lesson, ["sesn_same"])]);
    expect(backed!.prior_support).toBe(0);
  });

  it("ignores memories about another tool, unrelated memories, and superseded ones", () => {
    const [cluster] = clusterObservations([observed("sesn_new")]);
    const memories = [
      memory("/workarounds/print.md", lesson.replace("export_pdf", "print_doc"), ["sesn_a"]),
      memory("/notes/holidays.md", "The office closes on public holidays; export_pdf is unaffected.", ["sesn_b"]),
      memory("/superseded/drm_x/workarounds/export.md", lesson, ["sesn_c"], { superseded_by: "/workarounds/export.md" }),
    ];
    expect(withPriorSupport([cluster!], memories)[0]!.prior_support).toBe(0);
  });
});

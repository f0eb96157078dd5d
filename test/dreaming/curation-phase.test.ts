// Phase 3, curation: insights meet the memories they resemble; the model's operations come back numbered and validated.
import { describe, expect, it } from "vitest";
import { buildCurationRequest, findRelatedMemories, parseCurationReply, PROPOSE_OPERATIONS, summariseStore } from "../../src/dreaming/curation-phase";
import { InvalidModelOutputError } from "../../src/model/structured-output";
import { readJsonBlock } from "../../src/schemas/prompt-blocks";
import type { Insight } from "../../src/schemas/dream";
import { toolReply } from "../fixtures/model-replies";
import { memory } from "../fixtures/session-transcripts";

const insight: Insight = {
  title: "When deploy is refused permission",
  kind: "playbook",
  content: "1. Recognise that deploy fails with permission denied writing the site folder.\n2. Retry deploy with sudo set to true.",
  path: "/playbooks/deploy-permission-denied.md",
  cluster_ids: ["cl_1"],
  tool: "deploy",
  error_signature: "deploy: permission denied writing <path>",
  support: 2,
  evidence: [
    { session_id: "sesn_a", event_ids: ["sevt_1"] },
    { session_id: "sesn_b", event_ids: ["sevt_2"] },
  ],
};
const memories = [
  memory("/notes/coffee.md", "The team orders coffee from the corner shop on Fridays."),
  memory("/playbooks/deploy.md", "When deploy fails with permission denied on the site folder, run it again with sudo."),
  memory("/preferences/style.md", "Answers should be short and use British spelling."),
  memory("/superseded/drm_x/playbooks/deploy.md", "When deploy fails with permission denied, give up.", { superseded_by: "/playbooks/deploy.md" }),
];

describe("findRelatedMemories", () => {
  it("finds the live memory on the same tool and problem, and leaves unrelated and archived memories out", () => {
    const related = findRelatedMemories(insight, memories);
    expect(related.map((entry) => entry.memory.path)).toEqual(["/playbooks/deploy.md"]);
    expect(related[0]?.similarity).toBeGreaterThan(0.25);
  });
});

describe("buildCurationRequest", () => {
  it("shows the store summary and each insight with its related memories, forcing propose_operations", () => {
    const storeSummary = summariseStore(memories, { maxMemories: 50, maxTotalBytes: 100_000 });
    const request = buildCurationRequest({ insights: [insight], relatedMemories: [findRelatedMemories(insight, memories)], storeSummary, model: "m" });
    const prompt = request.messages[0]?.content as string;
    expect(request.tool_choice).toEqual({ type: "tool", name: PROPOSE_OPERATIONS });
    expect(readJsonBlock(prompt, "store_summary")).toMatchObject({ memory_count: 4, max_memories: 50, paths: memories.map((entry) => entry.path) });
    expect(readJsonBlock(prompt, "insights")).toEqual([
      expect.objectContaining({
        path: insight.path,
        evidence: insight.evidence,
        related_memories: [expect.objectContaining({ path: "/playbooks/deploy.md", author: "dream", content: memories[1]?.content })],
      }),
    ]);
    expect(request.system).toContain("Never rewrite the store wholesale");
  });

  it("refuses related-memory lists that do not match the insights one to one", () => {
    expect(() =>
      buildCurationRequest({ insights: [insight], relatedMemories: [], storeSummary: summariseStore([], { maxMemories: 1, maxTotalBytes: 1 }), model: "m" }),
    ).toThrow(/one list per insight/);
  });
});

describe("parseCurationReply", () => {
  const create = { op: "create", path: "/a.md", content: "A", reason: "new", evidence: insight.evidence };

  it("numbers the operations in the order proposed", () => {
    const operations = parseCurationReply(
      toolReply(PROPOSE_OPERATIONS, { operations: [create, { op: "delete", path: "/b.md", reason: "wrong", evidence: [] }] }),
    );
    expect(operations.map((operation) => [operation.id, operation.op])).toEqual([
      ["op_1", "create"],
      ["op_2", "delete"],
    ]);
  });

  it("refuses operations missing what their kind needs, or with an empty reason", () => {
    const invalid = [
      { ...create, content: undefined },
      { op: "delete", path: "/b.md", content: "x", reason: "r", evidence: [] },
      { op: "merge", path: "/b.md", content: "x", reason: "r", evidence: [] },
      { ...create, reason: "  " },
      { ...create, path: "no-slash.md" },
    ];
    for (const operation of invalid)
      expect(() => parseCurationReply(toolReply(PROPOSE_OPERATIONS, { operations: [operation] }))).toThrow(InvalidModelOutputError);
  });
});

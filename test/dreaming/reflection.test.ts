// Session reflection (src/memory/reflection.ts): the short request at a session's end, and lessons kept only when the digest shows them.
import { describe, expect, it } from "vitest";
import { readJsonBlock } from "../../src/schemas/prompt-blocks";
import { digestSession } from "../../src/transcript/session-digest";
import { buildReflectionRequest, parseReflectionReply, RECORD_LESSONS } from "../../src/memory/reflection";
import { toolReply } from "../fixtures/model-replies";
import { deploySession } from "../fixtures/session-transcripts";

const session = deploySession("sesn_r", 1, { correction: "Never deploy on Fridays." });
const digest = digestSession("sesn_r", session.events);

describe("buildReflectionRequest", () => {
  it("forces record_lessons over the digest and the store's existing paths", () => {
    const request = buildReflectionRequest({
      digest,
      existingPaths: ["/preferences/fridays.md"],
      storePrompt: "Keep preferences under /preferences.",
      model: "m",
    });
    const prompt = request.messages[0]?.content as string;
    expect(request.tool_choice).toEqual({ type: "tool", name: RECORD_LESSONS });
    expect(request.max_tokens).toBeLessThanOrEqual(2_048);
    expect(readJsonBlock(prompt, "digest")).toEqual(digest);
    expect(readJsonBlock(prompt, "existing_paths")).toEqual(["/preferences/fridays.md"]);
    expect(prompt).toContain("Keep preferences under /preferences.");
    expect(buildReflectionRequest({ digest, existingPaths: [], model: "m" })).toEqual(buildReflectionRequest({ digest, existingPaths: [], model: "m" }));
  });
});

describe("parseReflectionReply", () => {
  it("drops lessons citing events the digest does not show", () => {
    const lesson = { path: "/preferences/fridays.md", content: "Never deploy on Fridays.", kind: "preference", evidence_event_ids: [session.correction?.id] };
    const invented = { ...lesson, path: "/preferences/other.md", evidence_event_ids: ["sevt_invented"] };
    const { lessons, dropped } = parseReflectionReply(toolReply(RECORD_LESSONS, { lessons: [lesson, invented] }), digest);
    expect(lessons).toEqual([lesson]);
    expect(dropped).toEqual([{ lesson: invented, reason: "cites event sevt_invented, which the digest of sesn_r does not show" }]);
  });
});

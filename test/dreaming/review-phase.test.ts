// Phase 1: batching digests into review requests within a token budget, and keeping only observations the batch can support.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { InvalidModelOutputError } from "../../src/model/structured-output";
import { readJsonBlock } from "../../src/schemas/prompt-blocks";
import { allowedEvidenceOf, buildReviewRequest, parseReviewReply, RECORD_OBSERVATIONS } from "../../src/dreaming/review-phase";
import { digestSession } from "../../src/transcript/session-digest";
import { textOnlyReply, toolReply } from "../fixtures/model-replies";
import { deploySession } from "../fixtures/session-transcripts";

const digests = [1, 2, 3, 4, 5].map((site) =>
  digestSession(`sesn_s${site}`, deploySession(`sesn_s${site}`, site, { correction: "No, use the staging target instead." }).events),
);
const estimatedTokens = (request: unknown) => Math.ceil(JSON.stringify(request).length / 4);
const promptOf = (request: Anthropic.MessageCreateParamsNonStreaming) => request.messages[0]?.content as string;

describe("buildReviewRequest", () => {
  it("forces record_observations with a plain object JSON Schema and puts the digests in a <digests> block", () => {
    const [batch] = buildReviewRequest({ digests, model: "claude-sonnet-5", tokenBudget: 1_000_000, instructions: "Focus on deployments." });
    expect(batch?.session_ids).toEqual(digests.map((digest) => digest.session_id));
    const request = batch?.request as Anthropic.MessageCreateParamsNonStreaming;
    expect(request.tool_choice).toEqual({ type: "tool", name: RECORD_OBSERVATIONS });
    const schema = (request.tools![0] as Anthropic.Tool).input_schema;
    expect(schema).toMatchObject({ type: "object", required: ["observations"] });
    expect(schema).not.toHaveProperty("$schema");
    expect(promptOf(request)).toContain("Focus on deployments.");
    expect(readJsonBlock(promptOf(request), "digests")).toEqual(digests);
  });

  it("splits the digests into batches that each fit the token budget, in order", () => {
    const single = estimatedTokens(buildReviewRequest({ digests: digests.slice(0, 1), model: "m", tokenBudget: 1_000_000 })[0]?.request);
    const double = estimatedTokens(buildReviewRequest({ digests: digests.slice(0, 2), model: "m", tokenBudget: 1_000_000 })[0]?.request);
    const budget = double + Math.floor((double - single) / 2);
    const batches = buildReviewRequest({ digests, model: "m", tokenBudget: budget });
    expect(batches.map((batch) => batch.session_ids)).toEqual([["sesn_s1", "sesn_s2"], ["sesn_s3", "sesn_s4"], ["sesn_s5"]]);
    for (const batch of batches) expect(estimatedTokens(batch.request)).toBeLessThanOrEqual(budget);
  });

  it("sends a digest larger than the budget on its own rather than cutting it", () => {
    const batches = buildReviewRequest({ digests: digests.slice(0, 3), model: "m", tokenBudget: 10 });
    expect(batches.map((batch) => batch.session_ids)).toEqual([["sesn_s1"], ["sesn_s2"], ["sesn_s3"]]);
  });
});

describe("parseReviewReply", () => {
  const batch = digests.slice(0, 2);
  const [first, second] = batch;
  const recovery = first?.recoveries[0];
  const allowed = allowedEvidenceOf(batch);
  const workaround = {
    statement: "deploy needs sudo: true when permission is denied.",
    kind: "workaround",
    tool: "deploy",
    error_signature: recovery?.error_signature,
    evidence: [{ session_id: first?.session_id, event_ids: recovery?.succeeded_event_ids }],
  };

  it("keeps observations citing the batch's digests and drops the others, saying why", () => {
    const reply = toolReply(RECORD_OBSERVATIONS, {
      observations: [
        workaround,
        { ...workaround, evidence: [{ session_id: "sesn_elsewhere", event_ids: ["sevt_1"] }] },
        { ...workaround, evidence: [{ session_id: second?.session_id, event_ids: ["sevt_invented"] }] },
      ],
    });
    const { observations, dropped } = parseReviewReply(reply, allowed);
    expect(observations).toEqual([{ ...workaround, user_stated: false }]);
    expect(dropped.map((entry) => entry.reason)).toEqual([
      "cites session sesn_elsewhere, which is not in this batch",
      "cites event sevt_invented, which the digest of sesn_s2 does not show",
    ]);
  });

  it("marks a preference as stated by the user only when it cites the user's own message", () => {
    const preference = (eventIds: string[]) => ({
      statement: "Use staging.",
      kind: "preference",
      evidence: [{ session_id: first?.session_id, event_ids: eventIds }],
    });
    const reply = toolReply(RECORD_OBSERVATIONS, {
      observations: [preference([first?.corrections[0]?.event_id as string]), preference(recovery?.succeeded_event_ids as string[])],
    });
    expect(parseReviewReply(reply, allowed).observations.map((observation) => observation.user_stated)).toEqual([true, false]);
  });

  it("throws InvalidModelOutputError when the reply has no call or the input is invalid", () => {
    expect(() => parseReviewReply(textOnlyReply("Here you go"), allowed)).toThrow(InvalidModelOutputError);
    expect(() => parseReviewReply(toolReply(RECORD_OBSERVATIONS, { observations: [{ ...workaround, kind: "opinion" }] }), allowed)).toThrow(
      /record_observations call was unusable: observations\.0\.kind/,
    );
    expect(() => parseReviewReply(toolReply(RECORD_OBSERVATIONS, { observations: [{ ...workaround, evidence: [] }] }), allowed)).toThrow(/evidence/);
  });
});

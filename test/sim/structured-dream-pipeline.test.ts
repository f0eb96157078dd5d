// The dream pipeline end to end through the real SDK against the simulator: review → cluster → synthesis → curation → guards → apply.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { applyChangeset } from "../../src/dreaming/apply-changeset";
import { guardOperations } from "../../src/dreaming/curation-guards";
import { buildCurationRequest, findRelatedMemories, parseCurationReply, summariseStore } from "../../src/dreaming/curation-phase";
import { clusterObservations } from "../../src/dreaming/observation-clusters";
import { allowedEvidenceOf, buildReviewRequest, parseReviewReply } from "../../src/dreaming/review-phase";
import { digestSession } from "../../src/transcript/session-digest";
import { buildSynthesisRequest, parseSynthesisReply } from "../../src/dreaming/synthesis-phase";
import { buildReflectionRequest, parseReflectionReply } from "../../src/memory/reflection";
import type { MemoryEntry } from "../../src/schemas/dream";
import type { SessionEvent } from "../../src/schemas/session-event";
import { deploySession, transcript } from "../fixtures/session-transcripts";
import { freshIdentity, loggedRequests, MODEL, scriptReplies, simClient } from "./sim-client";

const BUDGET = { maxMemories: 50, maxTotalBytes: 100_000 };
const client = simClient();
const ask = (request: Anthropic.MessageCreateParamsNonStreaming) => client.messages.create(request);

/** One dream as the DreamObject runs it, every model call through the SDK. */
async function dream(dreamId: string, memories: MemoryEntry[], sessions: Record<string, SessionEvent[]>, tokenBudget = 100_000) {
  const digests = Object.entries(sessions).map(([sessionId, events]) => digestSession(sessionId, events));
  const batches = buildReviewRequest({ digests, model: MODEL, tokenBudget });
  const observations = [];
  for (const batch of batches) {
    const reply = parseReviewReply(await ask(batch.request), allowedEvidenceOf(digests.filter((digest) => batch.session_ids.includes(digest.session_id))));
    expect(reply.dropped).toEqual([]);
    observations.push(...reply.observations);
  }
  const clusters = clusterObservations(observations);
  const synthesis = buildSynthesisRequest({ clusters, model: MODEL });
  if (!synthesis) throw new Error("no strong cluster");
  const { insights } = parseSynthesisReply(await ask(synthesis), clusters);
  const relatedMemories = insights.map((insight) => findRelatedMemories(insight, memories));
  const operations = parseCurationReply(
    await ask(buildCurationRequest({ insights, relatedMemories, storeSummary: summariseStore(memories, BUDGET), model: MODEL })),
  );
  const changeset = await guardOperations(operations, memories, { dreamId, windowSessionIds: Object.keys(sessions), ...BUDGET });
  const output = await applyChangeset(memories, changeset.operations, dreamId, "2026-11-25T12:00:00.000Z");
  return { batches, clusters, insights, changeset, output };
}

/** `deploy` refused permission, then working after a different change: an owner instead of sudo. */
function ownerSession(sessionId: string, site: number): SessionEvent[] {
  const session = transcript(sessionId);
  session.user(`Publish the docs to /srv/www/docs-${site}.`);
  session.tool(
    "deploy",
    { target: `/srv/www/docs-${site}`, sudo: false },
    `Permission denied: cannot write /srv/www/docs-${site}/index.html (errno 13, request ${site}b8e2f1a9c3)`,
    true,
  );
  session.tool("deploy", { target: `/srv/www/docs-${site}`, sudo: false, owner: "www-data" }, "Deployed.");
  session.idle();
  return session.events;
}

describe("a dream over three sessions sharing a failure-then-workaround", () => {
  it("ends with one playbook citing all three sessions", async () => {
    const sessions = { sesn_d1: deploySession("sesn_d1", 1).events, sesn_d2: deploySession("sesn_d2", 2).events, sesn_d3: deploySession("sesn_d3", 3).events };
    const oneSession = buildReviewRequest({ digests: [digestSession("sesn_d1", sessions.sesn_d1)], model: MODEL, tokenBudget: 100_000 })[0]?.request;
    const tokenBudget = Math.ceil(JSON.stringify(oneSession).length / 4) + 10;
    const { batches, clusters, insights, changeset, output } = await dream("drm_first", [], sessions, tokenBudget);

    expect(batches.map((batch) => batch.session_ids)).toEqual([["sesn_d1"], ["sesn_d2"], ["sesn_d3"]]);
    expect(clusters.map((cluster) => [cluster.kind, cluster.tool, cluster.support])).toEqual([["workaround", "deploy", 3]]);
    expect(insights).toHaveLength(1);
    expect(changeset).toMatchObject({ refused: [], flags: [], requires_review: false });
    expect(output).toHaveLength(1);
    const [playbook] = output;
    expect(playbook?.path).toMatch(/^\/playbooks\/deploy-permission-denied/);
    expect(playbook?.content).toMatch(/^1\. .*\n2\. .*sudo: false → true.*\n3\. /);
    expect(playbook?.provenance.map((item) => item.session_id)).toEqual(["sesn_d1", "sesn_d2", "sesn_d3"]);
    expect(playbook).toMatchObject({ support_count: 3, author: { type: "dream", id: "drm_first" } });
  });

  it("confirms the playbook when later sessions repeat the workaround, and supersedes it when they find another", async () => {
    const first = await dream("drm_a", [], { sesn_a1: deploySession("sesn_a1", 1).events, sesn_a2: deploySession("sesn_a2", 2).events });
    const path = first.output[0]?.path as string;

    const confirmed = await dream("drm_b", first.output, { sesn_b1: deploySession("sesn_b1", 4).events, sesn_b2: deploySession("sesn_b2", 5).events });
    expect(confirmed.changeset.operations).toEqual([expect.objectContaining({ op: "update", path })]);
    expect(confirmed.output).toHaveLength(1);
    expect(confirmed.output[0]).toMatchObject({ path, support_count: 4 });

    const changed = await dream("drm_c", confirmed.output, { sesn_c1: ownerSession("sesn_c1", 6), sesn_c2: ownerSession("sesn_c2", 7) });
    expect(changed.changeset.operations).toEqual([expect.objectContaining({ op: "supersede", path, target_paths: [path] })]);
    expect(changed.changeset.flags).toEqual([expect.objectContaining({ type: "contradiction", paths: [path, path] })]);
    const archive = `/superseded/drm_c${path}`;
    expect(changed.output.map((entry) => entry.path)).toEqual([archive, path].sort());
    const current = changed.output.find((entry) => entry.path === path);
    expect(current).toMatchObject({ supersedes: [archive], support_count: 2 });
    expect(current?.content).toContain('owner: added "www-data"');
    expect(changed.output.find((entry) => entry.path === archive)).toMatchObject({ superseded_by: path, support_count: 4 });
  });
});

describe("session reflection through the simulator", () => {
  it("records the session's workaround and correction as lessons", async () => {
    const session = deploySession("sesn_refl", 9, { correction: "Never deploy without telling me first." });
    const digest = digestSession("sesn_refl", session.events);
    const { lessons, dropped } = parseReflectionReply(await ask(buildReflectionRequest({ digest, existingPaths: [], model: MODEL })), digest);
    expect(dropped).toEqual([]);
    expect(lessons.map((lesson) => lesson.kind)).toEqual(["workaround", "preference"]);
    expect(lessons[1]?.evidence_event_ids).toEqual([session.correction?.id]);
  });
});

describe("scripted replies", () => {
  it("override the structured answers", async () => {
    const { agentId, userId } = freshIdentity();
    const digest = digestSession("sesn_s", deploySession("sesn_s", 1).events);
    const [batch] = buildReviewRequest({ digests: [digest], model: MODEL, tokenBudget: 100_000 });
    const scripted = { statement: "Scripted.", kind: "fact", evidence: [{ session_id: "sesn_s", event_ids: [digest.task?.event_id] }] };
    await scriptReplies(agentId, [{ type: "message", content: [{ type: "tool_use", name: "record_observations", input: { observations: [scripted] } }] }]);

    const reply = await ask({ ...(batch?.request as Anthropic.MessageCreateParamsNonStreaming), metadata: { user_id: userId } });
    expect(parseReviewReply(reply, allowedEvidenceOf([digest])).observations).toEqual([{ ...scripted, user_stated: false }]);
    expect(await loggedRequests(agentId)).toHaveLength(1);
  });
});

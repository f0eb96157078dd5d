// The simulator's answers to Lucid's structured calls, as a pure function of the prompt: what each forced tool gets, and when it falls back.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { buildCurationRequest, parseCurationReply, type RelatedMemory, summariseStore } from "../../src/dreaming/curation-phase";
import { clusterObservations } from "../../src/dreaming/observation-clusters";
import { allowedEvidenceOf, buildReviewRequest, parseReviewReply } from "../../src/dreaming/review-phase";
import { digestSession } from "../../src/transcript/session-digest";
import { buildSynthesisRequest, parseSynthesisReply } from "../../src/dreaming/synthesis-phase";
import { buildReflectionRequest, parseReflectionReply } from "../../src/memory/reflection";
import { graderRequest, readVerdict } from "../../src/outcomes/grader-request";
import type { Insight, MemoryEntry, Observation } from "../../src/schemas/dream";
import { defaultReply } from "../../src/sim/default-policy";
import { MessagesRequest } from "../../src/sim/request-schema";
import { deploySession, memory, transcript } from "../fixtures/session-transcripts";

/** What the simulator answers to a request built by Lucid, shaped as the Message a parser receives. */
function answer(request: Anthropic.MessageCreateParamsNonStreaming): Anthropic.Message {
  const reply = defaultReply(MessagesRequest.parse(request));
  const content = reply.content.map((block) =>
    block.type === "tool_use" ? { ...block, id: "toolu_sim", caller: { type: "direct" } } : { ...block, citations: null },
  );
  return { content, stop_reason: "tool_use" } as Anthropic.Message;
}
const toolInput = (message: Anthropic.Message) => (message.content[0] as Anthropic.ToolUseBlock).input;

const corrected = deploySession("sesn_one", 1, { correction: "No, ask before using sudo." });
const stuck = transcript("sesn_two");
const stuckTask = stuck.user("Look up ticket 12.");
const stuckLookup = stuck.customTool("lookup_ticket", { id: 12 }, "Ticket 12 not found", true);
stuck.idle();
const digests = [digestSession("sesn_one", corrected.events), digestSession("sesn_two", stuck.events)];

describe("record_observations", () => {
  it("turns recoveries into workarounds, unresolved errors into failures and corrections into preferences, citing exact events", () => {
    const [batch] = buildReviewRequest({ digests, model: "m", tokenBudget: 100_000 });
    const reply = answer(batch?.request as Anthropic.MessageCreateParamsNonStreaming);
    const { observations, dropped } = parseReviewReply(reply, allowedEvidenceOf(digests));
    expect(dropped).toEqual([]);
    const signature = digests[0]?.recoveries[0]?.error_signature;
    expect(observations).toEqual([
      {
        statement: `\`deploy\` failed with "${signature}"; it succeeded after changing sudo: false → true.`,
        kind: "workaround",
        tool: "deploy",
        error_signature: signature,
        evidence: [
          { session_id: "sesn_one", event_ids: [corrected.failed.use.id, corrected.failed.answer.id, corrected.worked.use.id, corrected.worked.answer.id] },
        ],
        user_stated: false,
      },
      {
        statement: 'The user said: "No, ask before using sudo."',
        kind: "preference",
        evidence: [{ session_id: "sesn_one", event_ids: [corrected.correction?.id] }],
        user_stated: true,
      },
      {
        statement: '`lookup_ticket` failed with "lookup_ticket: ticket <n> not found" and the session did not recover.',
        kind: "failure",
        tool: "lookup_ticket",
        error_signature: "lookup_ticket: ticket <n> not found",
        evidence: [{ session_id: "sesn_two", event_ids: [stuckLookup.use.id, stuckLookup.answer.id] }],
        user_stated: false,
      },
    ]);
    expect(observations.flatMap((observation) => observation.evidence.flatMap((item) => item.event_ids))).not.toContain(stuckTask.id);
  });
});

describe("record_insights", () => {
  it("writes a numbered playbook for a workaround cluster and a note for any other, each citing its cluster", () => {
    const observation = (session: string, fields: Pick<Observation, "statement" | "kind"> & Partial<Observation>): Observation => ({
      evidence: [{ session_id: session, event_ids: ["sevt_1"] }],
      user_stated: false,
      ...fields,
    });
    const workaround = {
      statement: "deploy worked with sudo: true.",
      kind: "workaround",
      tool: "deploy",
      error_signature: "deploy: permission denied <path>",
    } as const;
    const clusters = clusterObservations([
      observation("sesn_a", workaround),
      observation("sesn_b", workaround),
      observation("sesn_a", { statement: "Answer in French.", kind: "preference", user_stated: true }),
    ]);
    const reply = answer(buildSynthesisRequest({ clusters, model: "m" }) as Anthropic.MessageCreateParamsNonStreaming);
    const { insights, dropped } = parseSynthesisReply(reply, clusters);
    expect(dropped).toEqual([]);
    expect(insights.map((insight) => [insight.kind, insight.path, insight.cluster_ids, insight.support])).toEqual([
      ["playbook", "/playbooks/deploy-permission-denied-path.md", ["cl_1"], 2],
      ["note", "/preferences/answer-in-french.md", ["cl_2"], 1],
    ]);
    expect(insights[0]?.content).toBe(
      [
        '1. Recognise the error: `deploy` fails with "deploy: permission denied <path>".',
        "2. Do what worked before: deploy worked with sudo: true.",
        "3. Retry `deploy` and check that it succeeds.",
        "",
        "Seen in 2 sessions.",
      ].join("\n"),
    );
  });
});

describe("propose_operations", () => {
  const evidence = [{ session_id: "sesn_new", event_ids: ["sevt_9"] }];
  const steps = (fix: string) => `1. Recognise the error: \`deploy\` fails with "deploy: permission denied <path>".\n2. ${fix}\n3. Retry \`deploy\`.`;
  const insight = (fix: string, fields: Partial<Insight> = {}): Insight => ({
    title: "deploy permission denied",
    kind: "playbook",
    content: `${steps(fix)}\n\nSeen in 2 sessions.`,
    path: "/playbooks/deploy-permission-denied.md",
    cluster_ids: ["cl_1"],
    tool: "deploy",
    error_signature: "deploy: permission denied <path>",
    support: 2,
    evidence,
    ...fields,
  });
  const related = (...memories: MemoryEntry[]): RelatedMemory[] => memories.map((entry) => ({ memory: entry, similarity: 0.8 }));
  const propose = (insights: Insight[], relatedMemories: RelatedMemory[][], store: MemoryEntry[] = []) =>
    parseCurationReply(
      answer(buildCurationRequest({ insights, relatedMemories, storeSummary: summariseStore(store, { maxMemories: 50, maxTotalBytes: 100_000 }), model: "m" })),
    );

  it("creates a memory for an insight nothing covers, at a free path", () => {
    const taken = memory("/playbooks/deploy-permission-denied.md", "Something else.");
    expect(propose([insight("Use sudo.")], [[]], [taken])).toEqual([
      {
        id: "op_1",
        op: "create",
        path: "/playbooks/deploy-permission-denied-2.md",
        content: insight("Use sudo.").content,
        evidence,
        reason: expect.stringContaining("New"),
      },
    ]);
  });

  it("updates the memory that already holds the same workaround", () => {
    const known = memory("/playbooks/deploy.md", `${steps("Use sudo.")}\n\nSeen in 3 sessions.`);
    expect(propose([insight("Use sudo.")], [related(known)], [known])).toEqual([
      expect.objectContaining({ op: "update", path: "/playbooks/deploy.md", evidence }),
    ]);
  });

  it("supersedes a memory with a different workaround for the same tool and error: the newer evidence wins", () => {
    const outdated = memory("/playbooks/deploy.md", `${steps("Use sudo.")}\n\nSeen in 3 sessions.`);
    expect(propose([insight("Set owner to www-data.")], [related(outdated)], [outdated])).toEqual([
      expect.objectContaining({
        op: "supersede",
        path: "/playbooks/deploy.md",
        target_paths: ["/playbooks/deploy.md"],
        content: insight("Set owner to www-data.").content,
      }),
    ]);
  });

  it("merges near-duplicate memories holding the same workaround", () => {
    const one = memory("/playbooks/deploy.md", steps("Use sudo."));
    const two = memory("/notes/deploy-sudo.md", `Written by hand:\n${steps("Use sudo.")}`, { author: { type: "person" } });
    expect(propose([insight("Use sudo.")], [related(one, two)], [one, two])).toEqual([
      expect.objectContaining({ op: "merge", path: "/playbooks/deploy.md", target_paths: ["/playbooks/deploy.md", "/notes/deploy-sudo.md"] }),
    ]);
  });

  it("leaves memories about another problem alone", () => {
    const other = memory("/playbooks/build.md", "1. When `build` runs out of memory, raise the limit.\n2. Retry.");
    expect(propose([insight("Use sudo.")], [related(other)], [other])).toEqual([expect.objectContaining({ op: "create" })]);
  });
});

describe("record_lessons", () => {
  it("turns the digest into lessons at paths named after what was learned, citing the digest's events", () => {
    const digest = digests[0] as (typeof digests)[number];
    const reply = answer(buildReflectionRequest({ digest, existingPaths: [], model: "m" }));
    const { lessons, dropped } = parseReflectionReply(reply, digest);
    expect(dropped).toEqual([]);
    expect(lessons.map((lesson) => [lesson.kind, lesson.path, lesson.evidence_event_ids.length])).toEqual([
      ["workaround", "/workarounds/deploy-permission-denied-cannot-write-path-errno-n.md", 4],
      ["preference", "/preferences/the-user-said-no-ask-before-using-sudo.md", 1],
    ]);
  });
});

describe("when the simulator does not answer structurally", () => {
  const [batch] = buildReviewRequest({ digests, model: "m", tokenBudget: 100_000 });
  const request = batch?.request as Anthropic.MessageCreateParamsNonStreaming;

  it("synthesises an input from the schema when the block is malformed", () => {
    const broken = { ...request, messages: [{ role: "user" as const, content: "<digests>\nnot json\n</digests>" }] };
    expect(toolInput(answer(broken))).toEqual({ observations: [] });
  });

  it("answers other tools, and unforced calls, as before", () => {
    const unforced = { ...request, tool_choice: { type: "auto" as const } };
    expect(answer(unforced).content[0]?.type).toBe("text");
    const renamed = {
      ...request,
      tools: [{ ...(request.tools?.[0] as Anthropic.Tool), name: "other_tool" }],
      tool_choice: { type: "tool" as const, name: "other_tool" },
    };
    expect(toolInput(answer(renamed))).toEqual({ observations: [] });
  });
});

describe("grade_outcome", () => {
  const brief = (output: string) => ({
    task: "Draft the clause.",
    description: "The liability clause.",
    criteria: ['It names "indemnity"', "It names `governing law` and “England”", "It reads well"],
    output,
  });

  it("meets a criterion when the output holds every phrase it quotes, whatever the case", () => {
    const verdict = readVerdict(
      answer(graderRequest("claude-sonnet-5-5", brief("INDEMNITY applies; Governing Law: England."), "agent_1/sesn_1.grader")),
      brief(""),
    );
    expect(verdict).toMatchObject({
      result: "satisfied",
      criteria: [{ met: true }, { met: true }, { met: true, feedback: expect.stringContaining("Nothing quoted") }],
    });
  });

  it("names what an unmet criterion lacks, and asks for a revision", () => {
    const verdict = readVerdict(answer(graderRequest("claude-sonnet-5-5", brief("Indemnity applies."), "agent_1/sesn_1.grader")), brief(""));
    expect(verdict.result).toBe("needs_revision");
    expect(verdict.criteria[1]).toEqual({
      criterion: "It names `governing law` and “England”",
      met: false,
      feedback: 'the output must contain "governing law", "England".',
    });
    expect(verdict.explanation).toBe("2 of 3 criteria are met; the output lacks the quoted phrases listed.");
  });
});

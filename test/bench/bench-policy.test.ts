import { describe, expect, it } from "vitest";
import builtInWorld from "../../bench/learning/back-office-world.json";
import { TaskWorld } from "../../bench/learning/task-file";
import { type BenchTask, taskStream } from "../../bench/learning/task-stream";
import { agentToolsOf, runWorldTool } from "../../bench/learning/world-tools";
import { errorSignature } from "../../src/transcript/error-signature";
import { describeInputChange } from "../../src/transcript/input-change";
import type { SessionDigest } from "../../src/schemas/dream";
import { BENCH_MARKER } from "../../src/sim/bench-policy";
import { defaultReply } from "../../src/sim/default-policy";
import { findingsOf } from "../../src/sim/digest-findings";
import type { MessagesRequest } from "../../src/sim/request-schema";
import { answerRecordInsights } from "../../src/sim/structured-synthesis-answer";

const world = TaskWorld.parse(builtInWorld);
const tasks = taskStream(world);
const exportTask = tasks[0]!;
const MEMORY_TOOL = { name: "memory_read", input_schema: { type: "object" as const, properties: { path: { type: "string" } }, required: ["path"] } };

/** Plays one session against the world with the simulator's default policy (which hands benchmark agents to the bench policy). */
function playSession(task: BenchTask, memoryText = "", system = `${BENCH_MARKER} You work in a back office.`) {
  const messages: MessagesRequest["messages"] = [{ role: "user", content: [{ type: "text", text: task.text }] }];
  const calls: { input: Record<string, unknown>; ok: boolean }[] = [];
  for (let turn = 0; turn < 12; turn++) {
    const request: MessagesRequest = {
      model: "sim",
      max_tokens: 1024,
      system: [{ type: "text", text: system }, ...(memoryText ? [{ type: "text" as const, text: `<memory>\n${memoryText}\n</memory>` }] : [])],
      tools: [...agentToolsOf(world), MEMORY_TOOL],
      messages,
    };
    const reply = defaultReply(request);
    const block = reply.content[0]!;
    if (block.type !== "tool_use") return { calls, finalText: block.text };
    const outcome = runWorldTool(world, block.name, block.input, task.drifted);
    calls.push({ input: block.input, ok: outcome.ok });
    const id = `toolu_${turn}`;
    messages.push({ role: "assistant", content: [{ type: "tool_use", id, name: block.name, input: block.input }] });
    messages.push({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: id, content: [{ type: "text", text: outcome.text }], is_error: !outcome.ok }],
    });
  }
  throw new Error("the policy never ended its turn");
}

/** A memory as reflection writes it: the simulator's finding for a recovery the session digest found. */
function reflectionLesson(tool: string, error: string, failed: Record<string, unknown>, succeeded: Record<string, unknown>): string {
  const digest = {
    session_id: "sesn_1",
    recoveries: [
      {
        tool,
        error_signature: errorSignature(tool, error),
        error,
        failed_attempts: 1,
        failed_event_ids: ["sevt_1"],
        succeeded_event_ids: ["sevt_2"],
        input_change: describeInputChange(failed as never, succeeded as never),
      },
    ],
    errors: [],
    corrections: [],
    outcome_grades: [],
  } as unknown as SessionDigest;
  return findingsOf(digest)[0]!.statement;
}

describe("the benchmark agent policy without memory", () => {
  it("explores the tool's options in a fixed order, so a quirk costs steps", () => {
    const { calls, finalText } = playSession(exportTask);
    expect(calls.map((call) => call.input)).toEqual([{ file: "lease.docx" }, { file: "lease.docx", convert_first: true }]);
    expect(finalText).toMatch(/^Done: Wrote lease.docx.pdf/);
  });

  it("stops at the step budget the task states", () => {
    const urgentForm = tasks.find((task) => task.family === "file-form" && task.step_budget === 4)!;
    const { calls, finalText } = playSession(urgentForm);
    expect(calls).toHaveLength(4);
    expect(calls.every((call) => !call.ok)).toBe(true);
    expect(finalText).toMatch(/step budget of 4/);
  });

  it("keeps a change that turns the error into another and searches on from there (the drifted export)", () => {
    const drifted = tasks.find((task) => task.affected_by_drift)!;
    const { calls } = playSession({ ...drifted, step_budget: 10, text: drifted.text.replace(/Step budget: \d+/, "Step budget: 10") });
    expect(calls.map((call) => call.input)).toEqual([
      { file: "lease.docx" },
      { file: "lease.docx", convert_first: true },
      { file: "lease.docx", convert_first: true, engine: "native" },
      { file: "lease.docx", convert_first: true, engine: "fast" },
      { file: "lease.docx", convert_first: true, engine: "libre" },
    ]);
  });

  it("answers agents without the marker, and forced structured calls, with the ordinary default policy", () => {
    const request: MessagesRequest = {
      model: "sim",
      max_tokens: 64,
      system: "You are helpful.",
      tools: agentToolsOf(world),
      messages: [{ role: "user", content: exportTask.text }],
    };
    expect(defaultReply(request).content[0]).toMatchObject({ type: "tool_use", name: "export_pdf", input: { file: "lease.docx" } });
    const forced = { ...request, system: BENCH_MARKER, tool_choice: { type: "tool" as const, name: "archive_case" } };
    expect(defaultReply(forced).content[0]).toMatchObject({ type: "tool_use", name: "archive_case" });
  });
});

describe("the benchmark agent policy with memory", () => {
  it("applies a workaround its memory states (as reflection writes it) on the first call", () => {
    const lesson = reflectionLesson("export_pdf", "Unsupported input format 'docx' (code 415).", { file: "a.docx" }, { file: "a.docx", convert_first: true });
    const { calls } = playSession(exportTask, `### /workarounds/export-pdf.md\n${lesson}`);
    expect(calls).toEqual([{ input: { file: "lease.docx", convert_first: true }, ok: true }]);
  });

  it("reads a dream's playbook the same way, and a changed enum value", () => {
    const representative = reflectionLesson(
      "send_letter",
      "The client rejected the letter on review: this is not how our letters are signed.",
      { sign_off: "Best wishes" },
      { sign_off: "The Acme Legal Team" },
    );
    const { insights } = answerRecordInsights(
      `<clusters>\n${JSON.stringify([{ id: "cl_1", kind: "workaround", tool: "send_letter", error_signature: "send_letter: x", representative, statements: [representative], support: 2, prior_support: 0, session_ids: ["sesn_1", "sesn_2"] }])}\n</clusters>`,
    )!;
    const letter = tasks.find((task) => task.family === "client-letter" && task.step_budget === 4)!;
    const { calls } = playSession(letter, `### ${insights[0]!.path}\n${insights[0]!.content}`);
    expect(calls).toEqual([{ input: { client: "Birch LLP", subject: "the invoice", sign_off: "The Acme Legal Team" }, ok: true }]);
  });

  it("after a failure, tries first the workaround remembered for that tool and error", () => {
    const lesson = reflectionLesson(
      "export_pdf",
      "Conversion service retired (code 410); converted documents cannot be rendered.",
      { file: "x.docx", convert_first: true, engine: "fast" },
      { file: "x.docx", convert_first: true, engine: "libre" },
    );
    const stale = reflectionLesson("export_pdf", "Unsupported input format 'docx' (code 415).", { file: "a.docx" }, { file: "a.docx", convert_first: true });
    const drifted = tasks.find((task) => task.affected_by_drift)!;
    // Both lessons apply up front: the stale one no longer suffices, the newer one completes the input.
    expect(playSession(drifted, `${stale}\n\n${lesson}`).calls).toEqual([{ input: { file: "lease.docx", convert_first: true, engine: "libre" }, ok: true }]);
    // With only the stale lesson the first call fails and the search goes on.
    expect(playSession(drifted, stale).calls.map((call) => call.ok)).toEqual([false, false, false, true]);
  });

  it("ignores memories about other tools and failures it cannot act on", () => {
    const other = reflectionLesson("archive_case", "Archive refused", { case_id: "C" }, { case_id: "C", retention: "7y" });
    const failure = '`export_pdf` failed with "export_pdf: unsupported input format" and the session did not recover.';
    expect(playSession(exportTask, `${other}\n${failure}`).calls.map((call) => call.input)).toEqual([
      { file: "lease.docx" },
      { file: "lease.docx", convert_first: true },
    ]);
  });
});

// Digesting a transcript: what the dream sees of a session, and that it never says more than the events do.
import { describe, expect, it } from "vitest";
import { errorSignature } from "../../src/transcript/error-signature";
import { sourceIndexOf, untrustedSourcesOf } from "../../src/safety/source-trust";
import { digestEventIds, digestSession } from "../../src/transcript/session-digest";
import { SessionDigest } from "../../src/schemas/dream";
import { deploySession, transcript } from "../fixtures/session-transcripts";

describe("digestSession", () => {
  it("tells the story of a session with a failure, its workaround and a correction", () => {
    const session = deploySession("sesn_one", 1, { correction: "No, don't use sudo next time; ask me first instead." });
    const digest = digestSession("sesn_one", session.events);

    expect(SessionDigest.parse(digest)).toEqual(digest);
    expect(digest.task).toEqual({ event_id: session.task.id, text: "Deploy the docs site to /srv/www/docs-1." });
    expect(digest.corrections).toEqual([
      { event_id: session.correction?.id, text: "No, don't use sudo next time; ask me first instead.", cues: ["no", "instead", "don't"] },
    ]);
    expect(digest.tool_calls.map((call) => [call.tool, call.builtin, call.outcome])).toEqual([
      ["deploy", true, "error"],
      ["deploy", true, "ok"],
    ]);
    expect(digest.recoveries).toEqual([
      {
        tool: "deploy",
        error_signature: "deploy: permission denied: cannot write <path> (errno <n>, request <id>)",
        error: expect.stringContaining("Permission denied"),
        failed_attempts: 1,
        failed_event_ids: [session.failed.use.id, session.failed.answer.id],
        succeeded_event_ids: [session.worked.use.id, session.worked.answer.id],
        input_change: ["sudo: false → true"],
      },
    ]);
    expect(digest.errors).toEqual([
      expect.objectContaining({ source: "tool", tool: "deploy", resolved: true, event_ids: [session.failed.use.id, session.failed.answer.id] }),
    ]);
    expect(digest.retries).toEqual({ model_calls: 0, tool_calls: 1 });
    expect(digest.final_reply?.text).toBe("Understood.");
    expect(digest.end).toMatchObject({ state: "idle", stop_reason: "end_turn" });
    expect(digest.step_count).toBe(4);
  });

  it("cites only events of the transcript", () => {
    const session = deploySession("sesn_two", 2, { correction: "Actually, always deploy to staging first." });
    const ids = new Set(session.events.map((event) => event.id));
    const cited = digestEventIds(digestSession("sesn_two", session.events));
    expect(cited.size).toBeGreaterThan(5);
    for (const id of cited) expect(ids.has(id)).toBe(true);
  });

  it("keeps an error nobody recovered from, and a model error the session retried past", () => {
    const session = transcript("sesn_three");
    session.user("Look up ticket 4521.");
    session.modelError("overloaded_error", "Overloaded", "retrying");
    session.step();
    const lookup = session.customTool("lookup_ticket", { id: 4521 }, "Ticket 4521 not found in project 7", true);
    session.agent("I could not find that ticket.");
    session.idle();
    const digest = digestSession("sesn_three", session.events);

    expect(digest.tool_calls).toEqual([
      expect.objectContaining({ tool: "lookup_ticket", builtin: false, outcome: "error", result_event_id: lookup.answer.id }),
    ]);
    expect(digest.recoveries).toEqual([]);
    expect(digest.errors).toEqual([
      expect.objectContaining({ source: "tool", signature: "lookup_ticket: ticket <n> not found in project <n>", resolved: false }),
      expect.objectContaining({ source: "session", signature: "overloaded_error: overloaded", retry_status: "retrying", resolved: true }),
    ]);
    expect(digest.retries.model_calls).toBe(1);
  });

  it("names MCP calls with their server, recovers from their failures, and counts no MCP error as a model retry", () => {
    const session = transcript("sesn_mcp");
    session.user("Close case C-7.");
    session.mcpError("mcp_connection_failed_error", "cases", "MCP server 'cases' could not be used: it did not answer in time");
    session.step();
    const failed = session.mcpTool("cases", "close_case", { case_id: "C-7" }, "Case C-7 cannot be closed: it has open tasks.", true);
    const worked = session.mcpTool("cases", "close_case", { case_id: "C-7", force: true }, "Case C-7 closed.");
    session.agent("Closed.");
    session.idle();
    const digest = digestSession("sesn_mcp", session.events);

    expect(digest.tool_calls.map((call) => [call.tool, call.outcome])).toEqual([
      ["cases/close_case", "error"],
      ["cases/close_case", "ok"],
    ]);
    expect(digest.recoveries).toEqual([
      expect.objectContaining({
        tool: "cases/close_case",
        failed_event_ids: [failed.use.id, failed.answer.id],
        succeeded_event_ids: [worked.use.id, worked.answer.id],
        input_change: ["force: added true"],
      }),
    ]);
    // The server's error text is the server's word, not Lucid's record: a dream citing it counts it as untrusted.
    const mcpError = digest.errors.find((error) => error.tool === "cases" && error.retry_status === "retrying")!;
    expect(mcpError).toMatchObject({ source: "tool", resolved: true });
    expect(untrustedSourcesOf([{ session_id: "sesn_mcp", event_ids: mcpError.event_ids }], sourceIndexOf([digest]))).toHaveLength(1);
    expect(digest.retries.model_calls).toBe(0);
  });

  it("gives one recovery per error signature the success closes, comparing the last failing input", () => {
    const session = transcript("sesn_four");
    session.user("Fetch the report.");
    session.tool("fetch", { url: "https://example.com/r", timeout: 5 }, "Timed out after 5000ms", true);
    session.tool("fetch", { url: "https://example.com/r", timeout: 30 }, "Timed out after 30000ms", true);
    session.tool("fetch", { url: "https://example.com/r", timeout: 30, auth: "token" }, "HTTP 401 Unauthorized", true);
    session.tool("fetch", { url: "https://example.com/r", timeout: 60, auth: "token" }, "ok");
    const digest = digestSession("sesn_four", session.events);

    expect(digest.recoveries.map((recovery) => [recovery.error_signature, recovery.failed_attempts, recovery.input_change])).toEqual([
      ["fetch: timed out after <n>ms", 2, ["timeout: 30 → 60", 'auth: added "token"']],
      ["fetch: http <n> unauthorized", 1, ["timeout: 30 → 60"]],
    ]);
    expect(digest.retries.tool_calls).toBe(3);
  });

  it("treats the message after an interrupt as a correction, and plain follow-ups as not", () => {
    const session = transcript("sesn_five");
    session.user("Write the summary.");
    session.interrupt();
    const redirected = session.user("Make it shorter.");
    session.user("Thanks, that works.");
    const digest = digestSession("sesn_five", session.events);
    expect(digest.corrections).toEqual([{ event_id: redirected.id, text: "Make it shorter.", cues: ["after_interrupt"] }]);
    expect(digest.end).toEqual({ state: "unfinished", stop_reason: null, event_id: null });
  });

  it("bounds what it lists and how much text it keeps", () => {
    const session = transcript("sesn_six");
    session.user(`Please ${"really ".repeat(1_000)}index everything.`);
    for (let index = 0; index < 100; index++) session.tool("read", { path: `/f/${index}` }, "x".repeat(5_000));
    const digest = digestSession("sesn_six", session.events);
    expect(digest.task?.text.length).toBe(2_000);
    expect(digest.task?.text.endsWith("…")).toBe(true);
    expect(digest.tool_calls).toHaveLength(60);
    expect(digest.omitted_tool_calls).toBe(40);
    expect(Math.max(...digest.tool_calls.map((call) => call.result.length))).toBeLessThanOrEqual(300);
  });
});

describe("errorSignature", () => {
  it("is the same for errors that differ only in numbers, ids, paths and URLs", () => {
    const a = errorSignature("deploy", "Permission denied: /srv/a/index.html (errno 13) id sevt_01ab9 at https://x.io/a?b=1");
    const b = errorSignature("deploy", "permission denied: /home/b/site.html (errno 2) id sevt_77zz1 at https://y.io/q");
    expect(a).toBe(b);
    expect(a).toBe("deploy: permission denied: <path> (errno <n>) id <id> at <url>");
  });

  it("keeps what names the error, so different errors stay apart", () => {
    expect(errorSignature("fetch", "utf8 decode failed")).toBe("fetch: utf8 decode failed");
    expect(errorSignature("fetch", "HTTP 404")).not.toBe(errorSignature("fetch", "connection reset"));
    expect(errorSignature("read", "ENOENT")).not.toBe(errorSignature("write", "ENOENT"));
  });
});

// `always_ask` on the worker's machine: a call waits for the person; allowed, the worker runs it; denied, it never runs
// (the session records the denial as the call's result) and the command's file is never made.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { type Fixture, freshDirectory, selfHostedEnvironment, sessionOf, toolsetAgent } from "./fixture";
import { confirm, onlyToolUse, resultText, resultsFor, transcript, turn } from "./session-turns";
import { startInProcessWorker } from "./workers";

export async function askedCallsRunOnlyWhenAllowed(fx: Fixture): Promise<void> {
  const environment = await selfHostedEnvironment(fx, "worker-ask");
  const workdir = freshDirectory(fx, "ask");
  const worker = startInProcessWorker(fx, environment, "ask-worker", workdir);
  try {
    const agentId = await toolsetAgent(fx, "asking agent", { type: "always_ask" });
    const sessionId = await sessionOf(fx, agentId, environment.environmentId);

    const asked = await turn(fx, sessionId, 'Use the tool bash with command: "echo allowed > allowed.txt"');
    const allowedCall = onlyToolUse(asked.events, "bash");
    assert.equal(allowedCall.evaluated_permission, "ask");
    assert.deepEqual(asked.idle.stop_reason, { type: "requires_action", event_ids: [allowedCall.id] });
    assert.equal(existsSync(path.join(workdir, "allowed.txt")), false, "nothing runs before the person answers");
    const allowed = await confirm(fx, sessionId, allowedCall.id, "allow");
    assert.equal(allowed.idle.stop_reason.type, "end_turn");
    assert.deepEqual(resultText(await transcript(fx, sessionId), allowedCall.id), { text: "(no output)", isError: false });
    assert.equal(existsSync(path.join(workdir, "allowed.txt")), true, "the allowed command ran on the worker");

    const askedAgain = await turn(fx, sessionId, 'Use the tool bash with command: "echo denied > denied.txt"');
    const deniedCall = onlyToolUse(askedAgain.events, "bash");
    const denied = await confirm(fx, sessionId, deniedCall.id, "deny", "not on this machine");
    assert.equal(denied.idle.stop_reason.type, "end_turn");
    // The worker saw the call and the denial; give it the time it would take to run the command anyway.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const events = await transcript(fx, sessionId);
    const result = resultText(events, deniedCall.id);
    assert.equal(result.isError, true);
    assert.match(result.text, /not on this machine/);
    assert.equal(resultsFor(events, deniedCall.id)[0]!.type, "agent.tool_result", "Lucid records the denial; the worker posts nothing");
    assert.equal(existsSync(path.join(workdir, "denied.txt")), false, "the denied command never ran");
  } finally {
    await worker.stop();
  }
}

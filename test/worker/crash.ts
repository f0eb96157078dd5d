// A worker that dies in the middle of a call loses its lease when the lease's time runs out (no heartbeat renews it);
// the work item goes back to the queue and a second worker finishes the session.
//
// What "each call runs once" means here: every agent.tool_use gets exactly one user.tool_result, and a call already
// answered before the crash is never run again (its result is in the transcript the second worker reads first). What
// it cannot mean: the call that was running when the worker died had already started, and nothing on Lucid's side
// knows how far it got, so the second worker runs it again from the start. A command's effects from before a crash
// may therefore happen twice (at least once, not exactly once): commands a worker runs should be safe to repeat.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Fixture, freshDirectory, selfHostedEnvironment, sessionOf, toolsetAgent } from "./fixture";
import { assertEachCallAnsweredOnce, onlyToolUse, resultText, transcript, turn } from "./session-turns";
import { until } from "./until";
import { startChildWorker, startInProcessWorker } from "./workers";

export async function crashedWorkersCallIsFinishedByAnother(fx: Fixture): Promise<void> {
  const environment = await selfHostedEnvironment(fx, "worker-crash");
  // The second worker works where the first did, like the same machine's worker restarted.
  const workdir = freshDirectory(fx, "crash");
  const calls = path.join(workdir, "calls.log");
  const first = startChildWorker(fx, environment, workdir);
  let second: ReturnType<typeof startInProcessWorker> | undefined;
  try {
    const sessionId = await sessionOf(fx, await toolsetAgent(fx, "crash agent"), environment.environmentId);
    const before = await turn(fx, sessionId, 'Use the tool bash with command: "echo first >> calls.log"');
    assert.equal(resultText(before.events, onlyToolUse(before.events, "bash").id).isError, false, first.output());

    await fx.admin.beta.sessions.events.send(sessionId, {
      events: [
        {
          type: "user.message",
          content: [{ type: "text", text: 'Use the tool bash with command: "echo started >> calls.log; sleep 3; echo finished >> calls.log"' }],
        },
      ],
    });
    await until(() => readFileSync(calls, "utf8").includes("started"), "the first worker started the slow command");
    first.crash();
    await until(async () => (await workStates(fx, environment.environmentId)).includes("queued"), "the dead worker's lease ran out: its item is queued again");

    second = startInProcessWorker(fx, environment, "crash-second-worker", workdir);
    await until(
      async () => (await transcript(fx, sessionId)).filter((event) => event.type === "session.status_idle").length >= 2,
      "the second worker finished the turn",
    );

    const events = await transcript(fx, sessionId);
    assertEachCallAnsweredOnce(events);
    const slowCall = events.filter((event) => event.type === "agent.tool_use").at(-1)!;
    assert.deepEqual(resultText(events, slowCall.id), { text: "(no output)", isError: false });
    // The answered call ran once; the interrupted one started twice and finished once (on the second worker).
    assert.deepEqual(readFileSync(calls, "utf8").split("\n").filter(Boolean), ["first", "started", "started", "finished"]);
  } finally {
    first.crash();
    await second?.stop();
  }
}

async function workStates(fx: Fixture, environmentId: string): Promise<string[]> {
  const states: string[] = [];
  for await (const work of fx.admin.beta.environments.work.list(environmentId)) states.push(work.state);
  return states;
}

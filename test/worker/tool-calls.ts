// The toolset on the worker's machine: a bash command's output comes back to the agent as the worker's
// user.tool_result, and read, write, edit, glob and grep act on the worker's directory.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Fixture, freshDirectory, selfHostedEnvironment, sessionOf, toolsetAgent } from "./fixture";
import { agentText, onlyToolUse, resultText, resultsFor, turn } from "./session-turns";
import { startInProcessWorker } from "./workers";

export async function bashRunsOnTheWorker(fx: Fixture): Promise<void> {
  const environment = await selfHostedEnvironment(fx, "worker-bash");
  const workdir = freshDirectory(fx, "bash");
  const worker = startInProcessWorker(fx, environment, "bash-worker", workdir);
  try {
    const sessionId = await sessionOf(fx, await toolsetAgent(fx, "bash agent"), environment.environmentId);
    const command = "echo hello from the worker > out.txt && cat out.txt && pwd";
    const { events, idle } = await turn(fx, sessionId, `Use the tool bash with command: "${command}"`);
    assert.equal(idle.stop_reason.type, "end_turn");
    const call = onlyToolUse(events, "bash");
    assert.deepEqual(call.input, { command });
    // The command ran in the worker's directory, on this machine.
    assert.equal(readFileSync(path.join(workdir, "out.txt"), "utf8"), "hello from the worker\n");
    assert.deepEqual(resultText(events, call.id), { text: `hello from the worker\n${workdir}`, isError: false });
    assert.equal(resultsFor(events, call.id)[0]!.type, "user.tool_result", "the worker posted the result");
    // The model was given that result: the simulator quotes what the tool returned.
    assert.match(agentText(events), /the tool `bash` returned: hello from the worker/);
  } finally {
    await worker.stop();
  }
}

export async function fileToolsActOnTheWorkersDirectory(fx: Fixture): Promise<void> {
  const environment = await selfHostedEnvironment(fx, "worker-files");
  const workdir = freshDirectory(fx, "files");
  const worker = startInProcessWorker(fx, environment, "files-worker", workdir);
  const todo = path.join(workdir, "notes", "todo.txt");
  try {
    const sessionId = await sessionOf(fx, await toolsetAgent(fx, "files agent"), environment.environmentId);

    const wrote = await turn(fx, sessionId, 'Use the tool write with file_path: notes/todo.txt content: "alpha beta"');
    const writeCall = onlyToolUse(wrote.events, "write");
    assert.deepEqual(resultText(wrote.events, writeCall.id), { text: "wrote 10 bytes to notes/todo.txt", isError: false });
    assert.equal(readFileSync(todo, "utf8"), "alpha beta");

    const edited = await turn(fx, sessionId, "Use the tool edit with file_path: notes/todo.txt old_string: alpha new_string: gamma");
    const editCall = onlyToolUse(edited.events, "edit");
    assert.deepEqual(resultText(edited.events, editCall.id), { text: "edited notes/todo.txt (1 replacement(s))", isError: false });
    assert.equal(readFileSync(todo, "utf8"), "gamma beta");

    const read = await turn(fx, sessionId, "Use the tool read with file_path: notes/todo.txt");
    assert.deepEqual(resultText(read.events, onlyToolUse(read.events, "read").id), { text: "gamma beta", isError: false });

    const globbed = await turn(fx, sessionId, 'Use the tool glob with pattern: "notes/*.txt"');
    assert.deepEqual(resultText(globbed.events, onlyToolUse(globbed.events, "glob").id), { text: todo, isError: false });

    const grepped = await turn(fx, sessionId, "Use the tool grep with pattern: gamma");
    assert.deepEqual(resultText(grepped.events, onlyToolUse(grepped.events, "grep").id), { text: `${todo}:1:gamma beta`, isError: false });

    // Nothing outside the worker's directory: a file beside it exists, yet reading it is refused.
    writeFileSync(path.join(workdir, "..", "outside.txt"), "not for the agent");
    const escaped = await turn(fx, sessionId, "Use the tool read with file_path: ../outside.txt");
    const refused = resultText(escaped.events, onlyToolUse(escaped.events, "read").id);
    assert.equal(refused.isError, true);
    assert.doesNotMatch(refused.text, /not for the agent/);
  } finally {
    await worker.stop();
  }
}

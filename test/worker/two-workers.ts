// Two workers polling one environment share its sessions: each work item goes to one of them, never to both.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Fixture, freshDirectory, selfHostedEnvironment, sessionOf, toolsetAgent } from "./fixture";
import { assertEachCallAnsweredOnce, onlyToolUse, resultText, transcript, turn } from "./session-turns";
import { until } from "./until";
import { startInProcessWorker, WORKER_LOG } from "./workers";

const SESSIONS = 4;

export async function twoWorkersNeverClaimTheSameItem(fx: Fixture): Promise<void> {
  const environment = await selfHostedEnvironment(fx, "worker-pair");
  const workdirs = [freshDirectory(fx, "pair-one"), freshDirectory(fx, "pair-two")];
  const workers = workdirs.map((workdir, index) => startInProcessWorker(fx, environment, `pair-worker-${index + 1}`, workdir));
  try {
    // Both are polling before there is work, so they compete for every item.
    await until(async () => (await fx.admin.beta.environments.work.stats(environment.environmentId)).workers_polling === 2, "both workers poll");
    const agentId = await toolsetAgent(fx, "pair agent");
    const sessionIds = await Promise.all(Array.from({ length: SESSIONS }, () => sessionOf(fx, agentId, environment.environmentId)));
    // Each session's command writes the session's id into the directory of the worker that runs it.
    const turns = await Promise.all(sessionIds.map((id) => turn(fx, id, `Use the tool bash with command: "echo ${id} >> claimed.txt"`)));
    for (const { events } of turns) assert.equal(resultText(events, onlyToolUse(events, "bash").id).isError, false);

    const claimed = workdirs.map((workdir) => {
      const file = path.join(workdir, "claimed.txt");
      return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    });
    assert.deepEqual([...claimed.flat()].sort(), [...sessionIds].sort(), `every session ran once, on one worker: ${JSON.stringify(claimed)}`);
    for (const id of sessionIds) assertEachCallAnsweredOnce(await transcript(fx, id));
    // The SDK logs each item a worker claims: no item twice, one per session.
    const claimedItems = [1, 2].map((index) => claimedWorkIds(`pair-worker-${index}`));
    assert.equal(claimedItems[0]!.filter((id) => claimedItems[1]!.includes(id)).length, 0, `no item claimed by both: ${JSON.stringify(claimedItems)}`);
    assert.equal(new Set(claimedItems.flat()).size, SESSIONS);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** The work items the worker named `workerName` claimed, from its "claimed work" log lines. */
function claimedWorkIds(workerName: string): string[] {
  return readFileSync(WORKER_LOG, "utf8")
    .split("\n")
    .filter((line) => line.includes(`[${workerName}] info claimed work `))
    .map((line) => (JSON.parse(line.slice(line.indexOf("{"))) as { work_id: string }).work_id);
}

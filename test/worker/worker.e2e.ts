// `npm run test:worker`: the official SDK's EnvironmentWorker against a real Lucid (`npm start`, with the simulator),
// outside workerd: a self-hosted environment's toolset calls run on this machine. One server for all the tests, each
// with its own environment, key and worker directory; short leases, so a dead worker's item is requeued in seconds.
// The workers' log is .cache/worker-e2e-workers.log, the server's .cache/worker-server-<port>.log.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { type LucidServer, startLucid } from "../harness/lucid-server";
import { crashedWorkersCallIsFinishedByAnother } from "./crash";
import { askedCallsRunOnlyWhenAllowed } from "./confirmations";
import { keyReachesOnlyItsEnvironmentsWork, revokedKeyStopsItsWorker } from "./environment-keys";
import { type Fixture, fixtureOf } from "./fixture";
import { memoryStoreSyncsThroughTheWorker } from "./memory";
import { readmeWalkthrough } from "./readme-walkthrough";
import { bashRunsOnTheWorker, fileToolsActOnTheWorkersDirectory } from "./tool-calls";
import { twoWorkersNeverClaimTheSameItem } from "./two-workers";
import { WORKER_LOG } from "./workers";

// Another run may hold the default port; each port gets its own state directory and log.
const PORT = Number(process.env.LUCID_WORKER_TEST_PORT ?? 8851);
const TEST_TIMEOUT_MS = 90_000;

let server: LucidServer | undefined;
let fixture: Fixture | undefined;
let failed = false;

before(async () => {
  const root = path.resolve(`.cache/worker-e2e-${PORT}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  rmSync(WORKER_LOG, { force: true });
  server = await startLucid({
    port: PORT,
    stateDir: `.cache/worker-state-${PORT}`,
    logPath: `.cache/worker-server-${PORT}.log`,
    vars: { LUCID_WORK_LEASE_TTL_SECONDS: "5" },
  });
  fixture = fixtureOf(server, root);
});

after(async () => {
  if (failed && server) {
    console.error(`--- last lines of ${server.logPath} ---\n${readFileSync(server.logPath, "utf8").split("\n").slice(-40).join("\n")}`);
    console.error(`--- last lines of ${WORKER_LOG} ---\n${readFileSync(WORKER_LOG, "utf8").split("\n").slice(-40).join("\n")}`);
  }
  await server?.stop();
});

function workerTest(name: string, body: (fx: Fixture) => Promise<void>): void {
  test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
    try {
      await body(fixture!);
    } catch (error) {
      failed = true;
      throw error;
    }
  });
}

workerTest("bash runs on the worker and its output is the result the agent sees", bashRunsOnTheWorker);
workerTest("read, write, edit, glob and grep act on the worker's directory", fileToolsActOnTheWorkersDirectory);
workerTest("a memory store is a folder of the worker's directory, synced back as memory versions", memoryStoreSyncsThroughTheWorker);
workerTest("a worker that dies mid-call loses its lease; another finishes the session", crashedWorkersCallIsFinishedByAnother);
workerTest("two workers polling one environment never claim the same item", twoWorkersNeverClaimTheSameItem);
workerTest("always_ask: an allowed call runs on the worker, a denied one never does", askedCallsRunOnlyWhenAllowed);
workerTest("a revoked environment key stops its worker", revokedKeyStopsItsWorker);
workerTest("an environment key reaches only its environment's work", keyReachesOnlyItsEnvironmentsWork);
workerTest("the README's walk-through runs as written: an agent runs bash on the worker it starts", readmeWalkthrough("## Tools on your machine"));
workerTest(
  "the README's MCP walk-through runs as written: an agent calls the example MCP server with a vault's token",
  readmeWalkthrough("## Connect your systems (MCP)"),
);

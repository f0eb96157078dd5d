// A memory store attached to a session appears as a folder in the worker's directory (memory/<store name>/, with the
// store's memories as files), and what the agent writes there, with write or with bash, becomes memory versions in Lucid.
import assert from "node:assert/strict";
import { type Fixture, freshDirectory, selfHostedEnvironment, sessionOf, toolsetAgent } from "./fixture";
import { onlyToolUse, resultText, turn } from "./session-turns";
import { startInProcessWorker } from "./workers";

const SYNC_TIMEOUT_MS = 30_000;

export async function memoryStoreSyncsThroughTheWorker(fx: Fixture): Promise<void> {
  const environment = await selfHostedEnvironment(fx, "worker-memory");
  const workdir = freshDirectory(fx, "memory");
  const store = await fx.admin.beta.memoryStores.create({ name: "worker-notes" });
  await fx.admin.beta.memoryStores.memories.create(store.id, { path: "/seed.md", content: "seeded by the test" });
  const worker = startInProcessWorker(fx, environment, "memory-worker", workdir);
  try {
    const sessionId = await sessionOf(fx, await toolsetAgent(fx, "memory agent"), environment.environmentId, [store.id]);

    const listed = await turn(fx, sessionId, 'Use the tool bash with command: "ls -A memory/worker-notes && cat memory/worker-notes/seed.md"');
    const listing = resultText(listed.events, onlyToolUse(listed.events, "bash").id);
    assert.equal(listing.isError, false);
    assert.match(listing.text, /^seed\.md$/m, "the store's memory is a file of the folder");
    assert.match(listing.text, /seeded by the test/);

    const wrote = await turn(fx, sessionId, 'Use the tool write with file_path: memory/worker-notes/learned.md content: "the worker wrote this"');
    assert.equal(resultText(wrote.events, onlyToolUse(wrote.events, "write").id).isError, false);
    const shell = await turn(fx, sessionId, 'Use the tool bash with command: "echo noted by the shell > memory/worker-notes/shell.md"');
    assert.equal(resultText(shell.events, onlyToolUse(shell.events, "bash").id).isError, false);

    // The worker syncs the folder back (periodically, and when it leaves the session): each file a memory of the store.
    for (const [memoryPath, content] of [
      ["/learned.md", "the worker wrote this"],
      ["/shell.md", "noted by the shell\n"],
    ] as const) {
      const memory = await memoryAt(fx, store.id, memoryPath);
      const retrieved = await fx.admin.beta.memoryStores.memories.retrieve(memory.id, { memory_store_id: store.id, view: "full" });
      assert.equal(retrieved.content, content);
      const versions = [];
      for await (const version of fx.admin.beta.memoryStores.memoryVersions.list(store.id, { memory_id: memory.id })) versions.push(version);
      assert.deepEqual(
        versions.map((version) => [version.operation, version.path]),
        [["created", memoryPath]],
        `one version records ${memoryPath}, created by the worker's sync`,
      );
    }
  } finally {
    await worker.stop();
  }
}

/** The memory at `memoryPath`, once the worker's sync has put it there. */
async function memoryAt(fx: Fixture, storeId: string, memoryPath: string): Promise<{ id: string }> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    for await (const item of fx.admin.beta.memoryStores.memories.list(storeId)) {
      if (item.type === "memory" && item.path === memoryPath) return item;
    }
    if (Date.now() > deadline) throw new Error(`no memory at ${memoryPath} in ${storeId} after ${SYNC_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// Crashes a dream's object inside and between its phases and checks that the dream still completes exactly once.
import Anthropic from "@anthropic-ai/sdk";
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { armCrash, CRASH_POINTS, type CrashPoint, disarmCrashes } from "../../src/faults/crash-points";
import type { Dream } from "../../src/schemas/dream-resource";
import { allEvents, lucidClient } from "../fixtures/lucid";
import { receivedRequests } from "../fixtures/simulator";
import { exportAgent, runWorkaroundSession } from "../fixtures/workaround-sessions";
import { createEndpoint, newInbox, newTenantKey, received, receivedEvents } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";
import { crashHappened } from "../fixtures/crashes";
import { dreamHeld, waitForDream } from "../fixtures/dreams";

type DreamCrashPoint = Extract<CrashPoint, `dream.${string}`>;
/** Points only a dream held for review passes: tested by the review-mode test below. */
type HeldCrashPoint = "dream.held_for_review";
const HELD_POINTS: HeldCrashPoint[] = ["dream.held_for_review"];

/**
 * The units a dream over three small sessions passes each point in, in order: one review batch, synthesis and
 * curation each make one model call; guarding the proposals into a changeset is a unit of its own.
 */
const PASSES: Record<Exclude<DreamCrashPoint, HeldCrashPoint>, string[]> = {
  "dream.phase_started": ["review", "synthesis", "curation", "writing"],
  "dream.model_call_made": ["review", "synthesis", "curation"],
  "dream.phase_checkpointed": ["review", "synthesis", "curation", "changeset"],
  "dream.output_written": ["writing"],
  "dream.output_adopted": ["writing"],
  "dream.completion_recorded": ["writing"],
};
const DREAM_POINTS = CRASH_POINTS.filter((point): point is DreamCrashPoint => point.startsWith("dream."));

interface Crash {
  point: DreamCrashPoint;
  phase: string;
  skip: number;
}

async function memoriesOf(client: Anthropic, storeId: string) {
  const memories = [];
  for await (const item of client.beta.memoryStores.memories.list(storeId, { view: "full" })) {
    if (item.type === "memory") memories.push({ path: item.path, content: item.content });
  }
  return memories;
}

async function versionCount(client: Anthropic, storeId: string): Promise<number> {
  let count = 0;
  for await (const _version of client.beta.memoryStores.memoryVersions.list(storeId)) count++;
  return count;
}

/** An agent of a tenant of its own (so its webhooks are its own) with three sessions that share a workaround, then its dream. */
async function runDream(crash: Crash | null) {
  const apiKey = await newTenantKey();
  const client = lucidClient(apiKey);
  const inbox = newInbox("dream-crash");
  await createEndpoint(inbox, ["dream.completed", "dream.failed"], apiKey);
  const agent = await exportAgent(client, { dreaming: { mode: "auto" } });
  for (const file of ["lease.docx", "nda.docx", "offer.docx"]) await runWorkaroundSession(client, agent.id, file);
  const inputBefore = { memories: await memoriesOf(client, agent.memory_store_id), versions: await versionCount(client, agent.memory_store_id) };

  if (crash) armCrash(crash.point, { skip: crash.skip });
  const started = (await client.post(`/v1/agents/${agent.id}/dream`)) as Dream;
  if (crash) {
    await crashHappened(crash.point);
    // The restart: the alarm of the reset object runs the unit again from its last checkpoint.
    expect(await runDurableObjectAlarm(env.DREAM.getByName(started.id))).toBe(true);
  }
  const dream = await eventually(
    async () => {
      const current = (await client.beta.dreams.retrieve(started.id)) as unknown as Dream;
      if (current.status === "failed" || current.status === "canceled") throw new Error(`dream ${current.status}: ${JSON.stringify(current.error)}`);
      return current.status === "completed" ? current : undefined;
    },
    "the dream to complete",
    20_000,
  );
  return { client, agent, dream, inbox, inputBefore };
}

async function storeCount(client: Anthropic): Promise<number> {
  let count = 0;
  for await (const _store of client.beta.memoryStores.list()) count++;
  return count;
}

async function observe({ client, agent, dream, inbox, inputBefore }: Awaited<ReturnType<typeof runDream>>) {
  const output = dream.outputs[0]!.memory_store_id;
  const progress = await allEvents(client, dream.session_id);
  const notices = await eventually(
    async () => {
      const list = (await receivedEvents(inbox)).map((event) => event.data);
      return list.length ? list : undefined;
    },
    "the dream.completed webhook",
    20_000,
  );
  return {
    dream,
    output,
    memories: await memoriesOf(client, output),
    outputVersions: await versionCount(client, output),
    stores: await storeCount(client),
    operations: dream.changeset!.operations.map((operation) => ({ op: operation.op, path: operation.path, content: operation.content })),
    progressTypes: progress.map((event) => event.type),
    phases: progress.flatMap((event) => ((event.type as string) === "lucid.dream_phase" ? [(event as unknown as { phase: string }).phase] : [])),
    requests: (await receivedRequests(dream.id)).length,
    inputUntouched: { memories: await memoriesOf(client, agent.memory_store_id), versions: await versionCount(client, agent.memory_store_id) },
    inputBefore,
    notices,
  };
}

describe("a dream crashed inside or between its phases", () => {
  afterEach(() => disarmCrashes());

  it("has a crash test for every dream crash point", () => {
    expect([...Object.keys(PASSES), ...HELD_POINTS].sort()).toEqual([...DREAM_POINTS].sort());
  });

  let control: Awaited<ReturnType<typeof observe>> | null = null;
  const controlRun = async () => (control ??= await observe(await runDream(null)));

  it("is compared with a dream that did not crash: three model calls, one per phase", async () => {
    const expected = await controlRun();
    expect(expected.requests).toBe(3);
    expect(expected.operations.length).toBeGreaterThan(0);
    expect(expected.phases).toEqual(["reading", "synthesis", "curation", "writing"]);
  });

  const crashes: Crash[] = Object.entries(PASSES).flatMap(([point, phases]) => phases.map((phase, skip) => ({ point: point as DreamCrashPoint, phase, skip })));

  it.each(crashes)("completes once after a crash at $point in $phase", async (crash) => {
    const expected = await controlRun();
    const run = await runDream(crash);
    const observed = await observe(run);

    // The same output as without the crash, written once, in a store of its own; the input store untouched.
    expect(observed.operations).toEqual(expected.operations);
    expect(observed.memories).toEqual(expected.memories);
    expect(observed.outputVersions).toBe(expected.outputVersions);
    expect(observed.stores).toBe(expected.stores);
    expect(observed.inputUntouched).toEqual(observed.inputBefore);
    // Progress: no event duplicated, lost or reordered; every phase reported once.
    expect(observed.progressTypes).toEqual(expected.progressTypes);
    expect(observed.phases).toEqual(expected.phases);
    // A checkpointed answer is never asked for again; one lost before its checkpoint is asked for once more.
    expect(observed.requests).toBe(expected.requests + (crash.point === "dream.model_call_made" ? 1 : 0));

    // The agent was moved to the output once: one rollback returns it to its first store, and there is no second.
    const moved = (await run.client.beta.agents.retrieve(run.agent.id)) as unknown as { memory_store_id: string };
    expect(moved.memory_store_id).toBe(observed.output);
    const back = (await run.client.post(`/v1/agents/${run.agent.id}/memory/rollback`)) as { memory_store_id: string };
    expect(back.memory_store_id).toBe(run.agent.memory_store_id);
    await expect(run.client.post(`/v1/agents/${run.agent.id}/memory/rollback`)).rejects.toBeInstanceOf(Anthropic.BadRequestError);

    // The dream.completed webhook was sent once; running the finished dream's alarm again changes nothing.
    expect(observed.notices.map((notice) => [notice.type, notice.id])).toEqual([["dream.completed", run.dream.id]]);
    await runDurableObjectAlarm(env.DREAM.getByName(run.dream.id));
    expect(await receivedRequests(run.dream.id)).toHaveLength(observed.requests);
    expect((await allEvents(run.client, run.dream.session_id)).map((event) => event.type)).toEqual(observed.progressTypes);
  });
});

describe("a dream held for review, crashed before it said so and again while writing what was approved", () => {
  afterEach(() => disarmCrashes());

  async function notices(inbox: string, count: number) {
    return eventually(
      async () => {
        const list = (await receivedEvents(inbox)).map((event) => event.data);
        return list.length >= count ? list.map((notice) => [notice.type, notice.id]) : undefined;
      },
      `${count} dream webhooks`,
      20_000,
    );
  }

  it("announces the review once, then applies only the approved operation once", async () => {
    const apiKey = await newTenantKey();
    const client = lucidClient(apiKey);
    const inbox = newInbox("dream-held-crash");
    await createEndpoint(inbox, ["dream.pending_review", "dream.completed"], apiKey);
    const agent = await exportAgent(client, { dreaming: { mode: "review" } });
    for (const file of ["lease.docx", "nda.docx", "offer.docx"]) await runWorkaroundSession(client, agent.id, file);

    armCrash("dream.held_for_review");
    const started = (await client.post(`/v1/agents/${agent.id}/dream`)) as Dream;
    await crashHappened("dream.held_for_review");
    expect(await runDurableObjectAlarm(env.DREAM.getByName(started.id))).toBe(true);
    const held = await waitForDream(client, started.id, dreamHeld);
    expect(await notices(inbox, 1)).toEqual([["dream.pending_review", held.id]]);
    // Another run of the held dream's alarm announces nothing again.
    await runDurableObjectAlarm(env.DREAM.getByName(held.id));
    expect((await received(inbox)).length).toBe(1);

    const approved = held.changeset!.operations[0]!;
    armCrash("dream.output_written");
    await client.post(`/v1/dreams/${held.id}/approve`, { body: { operation_ids: [approved.id] } });
    await crashHappened("dream.output_written");
    expect(await runDurableObjectAlarm(env.DREAM.getByName(held.id))).toBe(true);
    const done = await waitForDream(client, held.id, (dream) => dream.status === "completed");

    const output = done.outputs[0]!.memory_store_id;
    expect((await memoriesOf(client, output)).filter((memory) => memory.path === approved.path)).toEqual([{ path: approved.path, content: approved.content }]);
    const inputPaths = new Set((await memoriesOf(client, agent.memory_store_id)).map((memory) => memory.path));
    const added = (await memoriesOf(client, output)).filter((memory) => !inputPaths.has(memory.path));
    expect(added.map((memory) => memory.path)).toEqual([approved.path]);
    expect(((await client.beta.agents.retrieve(agent.id)) as unknown as { memory_store_id: string }).memory_store_id).toBe(output);
    expect(await notices(inbox, 2)).toEqual([
      ["dream.pending_review", held.id],
      ["dream.completed", held.id],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { runArm } from "../../bench/learning/arm-run";
import { agentParamsFor, armsFor, BENCH_SYSTEM_PROMPT } from "../../bench/learning/arms";
import builtInWorld from "../../bench/learning/back-office-world.json";
import { summariseArm } from "../../bench/learning/learning-report";
import { eventsOf } from "../../bench/learning/session-driver";
import { TaskWorld } from "../../bench/learning/task-file";
import { taskStream } from "../../bench/learning/task-stream";
import { BENCH_MARKER } from "../../src/sim/bench-policy";
import { lucidClient, MODEL } from "../fixtures/lucid";
import { receivedRequests } from "../fixtures/simulator";

const client = lucidClient();
const world = TaskWorld.parse(builtInWorld);
const all = taskStream(world);
// Two DOCX exports in a row: the second shows whether the first taught anything.
const twoExports = [all[0]!, { ...all[10]!, index: 1 }];
const [noMemory, reflection, dreaming] = armsFor(2);

describe("arm configuration", () => {
  it("marks every benchmark agent for the simulator's benchmark policy and sets memory per arm", () => {
    expect(BENCH_SYSTEM_PROMPT).toContain(BENCH_MARKER);
    expect(agentParamsFor(noMemory!, world, MODEL)).toMatchObject({ memory: { reflection: false } });
    expect(noMemory).toMatchObject({ attachMemory: false, dream: null });
    expect(agentParamsFor(reflection!, world, MODEL)).toMatchObject({ memory: { reflection: true } });
    expect(agentParamsFor(dreaming!, world, MODEL)).toMatchObject({ memory: { reflection: true }, dreaming: { mode: "auto" } });
  });
});

describe("a small learning-curve run through the Lucid Worker", () => {
  it("arm (a) loads no memory: no memories loaded, no <memory> block sent, and it pays for the quirk every time", async () => {
    const run = await runArm(client, world, twoExports, noMemory!, MODEL);
    expect(run.sessions.map((session) => [session.completed, session.steps])).toEqual([
      [true, 2],
      [true, 2],
    ]);
    for (const session of run.sessions) {
      const loaded = (await eventsOf(client, session.session_id)).filter((event) => (event.type as string) === "lucid.memory_loaded");
      expect(loaded.flatMap((event) => (event as unknown as { memories?: unknown[] }).memories ?? [])).toEqual([]);
    }
    const requests = await receivedRequests(run.agent_id);
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.some((request) => JSON.stringify(request.body.system ?? "").includes("<memory>"))).toBe(false);
  });

  it("arm (b) reflects after the first session and the second applies the workaround on its first call", async () => {
    const run = await runArm(client, world, twoExports, reflection!, MODEL);
    expect(run.sessions.map((session) => [session.completed, session.steps])).toEqual([
      [true, 2],
      [true, 1],
    ]);
    expect(run.sessions[1]!.memory.memories).toBeGreaterThan(0);
    const summary = summariseArm(run, 2);
    expect(summary).toMatchObject({ completion_rate: 1, steps_per_completed: 1.5, dreams: 0 });
  });

  it("arm (c) dreams on its cadence and records what the dream cost", async () => {
    const run = await runArm(client, world, twoExports, dreaming!, MODEL);
    expect(run.dreams).toHaveLength(1);
    expect(run.dreams[0]).toMatchObject({ after_session: 1, status: "completed" });
    expect(run.dreams[0]!.tokens).toBeGreaterThan(0);
    expect(summariseArm(run, 2).dream_tokens).toBe(run.dreams[0]!.tokens);
  });
}, 60_000);

import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { allEvents, api, createAgent, createEnvironment, lucidClient, waitForEvents, waitForStatus } from "../fixtures/lucid";
import { digestSession } from "../../src/transcript/session-digest";
import type { SessionEvent } from "../../src/schemas/session-event";
import { receivedRequests, scriptReplies, type SimReply, textReply } from "../fixtures/simulator";
import { createEndpoint, newInbox, newTenantKey, receivedAtLeast } from "../fixtures/webhooks";
import { waitForReflections } from "../fixtures/reflections";

const client = lucidClient();
const RUBRIC = '- The clause names "indemnity"\n- The clause names "governing law"';

type Event = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent & Record<string, unknown>;
type EvaluationEnd = Anthropic.Beta.Sessions.BetaManagedAgentsSpanOutcomeEvaluationEndEvent & {
  criteria: { criterion: string; met: boolean; feedback: string }[];
};
type SessionWithGrader = Anthropic.Beta.Sessions.BetaManagedAgentsSession & { grader_usage: Anthropic.Beta.Sessions.BetaManagedAgentsSession["usage"] };

const defineOutcome = (maxIterations?: number) => ({
  type: "user.define_outcome" as const,
  description: "Draft the liability clause of the Acme supply contract.",
  rubric: { type: "text" as const, content: RUBRIC },
  ...(maxIterations ? { max_iterations: maxIterations } : {}),
});

const verdict = (input: Record<string, unknown>): SimReply => ({ type: "message", content: [{ type: "tool_use", name: "grade_outcome", input }] });

/** A session created idle, so a test can script its agent and grader by session id before anything runs. */
async function idleSession(agentId: string) {
  const environment = await createEnvironment(client);
  return client.beta.sessions.create({ agent: agentId, environment_id: environment.id });
}

const ofType = <T>(events: Event[], type: string) => events.filter((event) => event.type === type) as unknown as T[];

describe("outcomes", () => {
  it("grades the agent's output once and ends the session when the rubric is met", async () => {
    const agent = await createAgent(client);
    const created = await idleSession(agent.id);
    await scriptReplies(created.id, [textReply('Liability: each party gives an indemnity; governing law is England. "indemnity", "governing law".')]);
    const [accepted] = (await client.beta.sessions.events.send(created.id, { events: [defineOutcome()] })).data as Event[];
    expect(accepted).toMatchObject({
      type: "user.define_outcome",
      outcome_id: expect.stringMatching(/^outc_/),
      max_iterations: 3,
      rubric: { type: "text", content: RUBRIC },
    });

    const session = (await waitForStatus(client, created.id, ["idle"])) as SessionWithGrader;
    const events = (await allEvents(client, session.id)) as Event[];
    expect(events.map((event) => event.type)).toEqual([
      "user.define_outcome",
      "session.status_running",
      "lucid.memory_loaded",
      "span.model_request_start",
      "span.model_request_end",
      "agent.message",
      "span.outcome_evaluation_start",
      "span.outcome_evaluation_ongoing",
      "span.outcome_evaluation_end",
      "session.status_idle",
    ]);
    const [end] = ofType<EvaluationEnd>(events, "span.outcome_evaluation_end");
    expect(end).toMatchObject({ iteration: 0, result: "satisfied", outcome_id: accepted!.outcome_id, outcome_evaluation_start_id: events[6]!.id });
    expect(end!.criteria.map((criterion) => criterion.met)).toEqual([true, true]);
    expect(session.outcome_evaluations).toEqual([
      {
        type: "outcome_evaluation",
        outcome_id: accepted!.outcome_id,
        description: defineOutcome().description,
        result: "satisfied",
        iteration: 0,
        explanation: end!.explanation,
        completed_at: expect.any(String),
      },
    ]);

    // The grader's usage counts in the session's usage and is shown apart.
    expect(end!.usage.input_tokens).toBeGreaterThan(0);
    expect(session.grader_usage.input_tokens).toBe(end!.usage.input_tokens);
    const agentCall = ofType<Event>(events, "span.model_request_end")[0] as unknown as { model_usage: { input_tokens: number } };
    expect(session.usage.input_tokens).toBe(agentCall.model_usage.input_tokens + (session.grader_usage.input_tokens ?? 0));
  });

  it("sends the agent back with the grader's feedback until the rubric is met", async () => {
    const agent = await createAgent(client);
    const created = await idleSession(agent.id);
    // First pass misses both phrases; the second pass is the simulator's default reply, which quotes the feedback.
    await scriptReplies(created.id, [textReply("Each party is liable for its own negligence.")]);
    await client.beta.sessions.events.send(created.id, { events: [defineOutcome()] });
    const session = await waitForStatus(client, created.id, ["idle"]);
    const events = (await allEvents(client, session.id)) as Event[];
    const ends = ofType<EvaluationEnd>(events, "span.outcome_evaluation_end");
    expect(ends.map((end) => [end.iteration, end.result])).toEqual([
      [0, "needs_revision"],
      [1, "satisfied"],
    ]);
    expect(ends[0]!.criteria.filter((criterion) => !criterion.met).map((criterion) => criterion.criterion)).toEqual([
      'The clause names "indemnity"',
      'The clause names "governing law"',
    ]);

    // The feedback reached the agent as the next user turn, naming each failed criterion and what must change.
    const agentRequests = await receivedRequests(session.id);
    expect(agentRequests).toHaveLength(2);
    const feedback = agentRequests[1]!.body.messages.at(-1)!;
    expect(feedback.role).toBe("user");
    expect(JSON.stringify(feedback.content)).toContain('The clause names \\"indemnity\\": the output must contain \\"indemnity\\"');
    expect(JSON.stringify(feedback.content)).toContain("evaluation 1 of 3");
    expect(session.outcome_evaluations).toMatchObject([{ result: "satisfied", iteration: 1 }]);
  });

  it("stops at the iteration cap, lets the agent acknowledge, and does not grade again", async () => {
    const agent = await createAgent(client);
    const created = await idleSession(agent.id);
    await scriptReplies(created.id, [textReply("Draft one."), textReply("Draft two."), textReply("Understood: both phrases are still missing.")]);
    await client.beta.sessions.events.send(created.id, { events: [defineOutcome(2)] });
    const session = await waitForStatus(client, created.id, ["idle"]);
    const events = (await allEvents(client, session.id)) as Event[];
    expect(ofType<EvaluationEnd>(events, "span.outcome_evaluation_end").map((end) => end.result)).toEqual(["needs_revision", "max_iterations_reached"]);
    expect(ofType<Event>(events, "span.outcome_evaluation_start")).toHaveLength(2);
    expect(ofType<Event>(events, "agent.message").map((event) => JSON.stringify(event.content))).toHaveLength(3);
    expect((await receivedRequests(session.id)).at(-1)!.body.messages.at(-1)).toMatchObject({
      role: "user",
      content: [{ text: expect.stringContaining("no evaluations are left") }],
    });
    expect(session.outcome_evaluations).toMatchObject([{ result: "max_iterations_reached", iteration: 1, completed_at: expect.any(String) }]);
    expect((session as unknown as { stop_reason: unknown }).stop_reason).toEqual({ type: "end_turn" });
  });

  it("retries an unusable verdict once, then records the evaluation as failed with the reason", async () => {
    const agent = await createAgent(client);
    const retried = await idleSession(agent.id);
    await scriptReplies(retried.id, [textReply("The clause.")]);
    const allMet = {
      criteria: [RUBRIC.split("\n")[0]!.slice(2), RUBRIC.split("\n")[1]!.slice(2)].map((criterion) => ({ criterion, met: true, feedback: "Present." })),
      result: "satisfied",
      explanation: "Both present.",
    };
    await scriptReplies(`${retried.id}.grader`, [verdict({ result: "satisfied" }), verdict(allMet)]);
    await client.beta.sessions.events.send(retried.id, { events: [defineOutcome()] });
    const passed = await waitForStatus(client, retried.id, ["idle"]);
    expect(passed.outcome_evaluations).toMatchObject([{ result: "satisfied", explanation: "Both present." }]);
    expect(await receivedRequests(`${retried.id}.grader`)).toHaveLength(2);

    const failing = await idleSession(agent.id);
    await scriptReplies(failing.id, [textReply("The clause.")]);
    // Inconsistent (an unmet criterion with an overall "satisfied"), then the wrong number of criteria.
    const inconsistent = { ...allMet, criteria: [{ ...allMet.criteria[0]!, met: false }, allMet.criteria[1]!] };
    await scriptReplies(`${failing.id}.grader`, [verdict(inconsistent), verdict({ ...allMet, criteria: [allMet.criteria[0]!] })]);
    await client.beta.sessions.events.send(failing.id, { events: [defineOutcome()] });
    const failed = await waitForStatus(client, failing.id, ["idle"]);
    const [end] = ofType<EvaluationEnd>((await allEvents(client, failed.id)) as Event[], "span.outcome_evaluation_end");
    expect(end).toMatchObject({ result: "failed", explanation: expect.stringContaining("unusable twice: criteria: 1 results for 2 criteria") });
    expect(failed.outcome_evaluations).toMatchObject([{ result: "failed" }]);
    expect((failed as SessionWithGrader).grader_usage.input_tokens).toBe(end!.usage.input_tokens);
  });

  it("shows the grader the task, rubric and final output, never the agent's tool traffic", async () => {
    const agent = await createAgent(client, {
      tools: [
        {
          type: "custom",
          name: "lookup_precedent",
          description: "Finds precedent clauses.",
          input_schema: { type: "object", properties: { topic: { type: "string" } } },
        },
      ],
    });
    const created = await idleSession(agent.id);
    await scriptReplies(created.id, [
      {
        type: "message",
        content: [
          { type: "text", text: "Let me check precedent (PRIVATE-REASONING)." },
          { type: "tool_use", name: "lookup_precedent", input: { topic: "TOOL-INPUT-SECRET" } },
        ],
      },
      textReply('Final clause: "indemnity" and "governing law" covered.'),
    ]);
    await client.beta.sessions.events.send(created.id, {
      events: [{ type: "user.message", content: [{ type: "text", text: "Please draft it carefully." }] }, defineOutcome()],
    });
    const waiting = await waitForStatus(client, created.id, ["idle"]);
    const toolUse = ((await allEvents(client, waiting.id)) as Event[]).find((event) => event.type === "agent.custom_tool_use")!;
    await client.beta.sessions.events.send(created.id, {
      events: [{ type: "user.custom_tool_result", custom_tool_use_id: toolUse.id, content: [{ type: "text", text: "TOOL-RESULT-SECRET" }] }],
    });
    const session = await waitForStatus(client, created.id, ["idle"]);
    expect(session.outcome_evaluations).toMatchObject([{ result: "satisfied" }]);

    const [grading] = await receivedRequests(`${created.id}.grader`);
    const sent = JSON.stringify(grading!.body);
    expect(sent).toContain("Please draft it carefully.");
    expect(sent).toContain("Draft the liability clause");
    expect(sent).toContain("The clause names");
    expect(sent).toContain("Final clause:");
    for (const hidden of ["TOOL-INPUT-SECRET", "TOOL-RESULT-SECRET", "lookup_precedent", "PRIVATE-REASONING"]) expect(sent).not.toContain(hidden);
    expect(grading!.body.tools?.map((tool) => tool.name)).toEqual(["grade_outcome"]);
    expect(grading!.body.messages).toHaveLength(1);
  });

  it("ends an evaluation the user interrupts as interrupted", async () => {
    const agent = await createAgent(client);
    const created = await idleSession(agent.id);
    await scriptReplies(created.id, [textReply("The clause.")]);
    await scriptReplies(`${created.id}.grader`, [{ ...verdict({}), delay_ms: 3_000 } as SimReply]);
    await client.beta.sessions.events.send(created.id, { events: [defineOutcome()] });
    await waitForEvents(client, created.id, "span.outcome_evaluation_ongoing");
    await client.beta.sessions.events.send(created.id, { events: [{ type: "user.interrupt" }] });
    const session = await waitForStatus(client, created.id, ["idle"]);
    const events = (await allEvents(client, session.id)) as Event[];
    expect(events.slice(-3).map((event) => [event.type, event.result])).toEqual([
      ["user.interrupt", undefined],
      ["span.outcome_evaluation_end", "interrupted"],
      ["session.status_idle", undefined],
    ]);
    expect(session.outcome_evaluations).toMatchObject([{ result: "interrupted" }]);
  });

  it("starts work from an outcome in initial_events and refuses outcomes it cannot take", async () => {
    const agent = await createAgent(client);
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: [defineOutcome()] });
    expect(session.status).toBe("running");
    expect(session.outcome_evaluations).toMatchObject([{ result: "running", iteration: 0, completed_at: null }]);

    const refused = await api(`/v1/sessions/${session.id}/events`, { method: "POST", json: { events: [defineOutcome()] } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { type: "invalid_request_error", message: expect.stringContaining("send user.define_outcome while it is idle") },
    });
    await waitForStatus(client, session.id, ["idle"]);

    for (const [events, problem] of [
      [[{ ...defineOutcome(), rubric: { type: "file", file_id: "file_1" } }], "file rubrics are not supported"],
      [[{ ...defineOutcome(), max_iterations: 21 }], "max_iterations"],
      [[{ ...defineOutcome(), description: " " }], "description"],
    ] as const) {
      const response = await api(`/v1/sessions/${session.id}/events`, { method: "POST", json: { events } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining(problem) } });
    }
  });

  it("applies an agent's default outcome to sessions that define none (Lucid extension)", async () => {
    const { type: _type, ...standing } = defineOutcome(2);
    const agent = await createAgent(client, { outcome: standing });
    expect(agent).toMatchObject({ outcome: { description: standing.description, rubric: standing.rubric, max_iterations: 2 } });

    const created = await idleSession(agent.id);
    await scriptReplies(created.id, [textReply('It names "indemnity" and "governing law".')]);
    await client.beta.sessions.events.send(created.id, { events: [{ type: "user.message", content: [{ type: "text", text: "Draft the clause." }] }] });
    const session = await waitForStatus(client, created.id, ["idle"]);
    expect(session.outcome_evaluations).toMatchObject([{ description: standing.description, result: "satisfied" }]);
    const events = (await allEvents(client, session.id)) as Event[];
    expect(events.slice(0, 3).map((event) => event.type)).toEqual(["user.message", "user.define_outcome", "session.status_running"]);

    // A session's own outcome wins; clearing the default leaves later sessions ungraded.
    const own = await idleSession(agent.id);
    await client.beta.sessions.events.send(own.id, { events: [{ ...defineOutcome(), description: "Its own goal." }] });
    expect((await waitForStatus(client, own.id, ["idle"])).outcome_evaluations.map((evaluation) => evaluation.description)).toEqual(["Its own goal."]);
    const cleared = await client.beta.agents.update(agent.id, { version: agent.version, outcome: null } as Anthropic.Beta.AgentUpdateParams);
    expect((cleared as unknown as { outcome: unknown }).outcome).toBeNull();
    const plain = await idleSession(agent.id);
    await client.beta.sessions.events.send(plain.id, { events: [{ type: "user.message", content: [{ type: "text", text: "Hello." }] }] });
    expect((await waitForStatus(client, plain.id, ["idle"])).outcome_evaluations).toEqual([]);
  });
});

describe("outcome grades in dreams", () => {
  it("reach the session digest, and the simulator's reflection keeps an unmet criterion as a preference", async () => {
    const agent = await createAgent(client, { memory: { reflection: true } });
    const created = await idleSession(agent.id);
    await scriptReplies(created.id, [textReply("Each party is liable for its own negligence.")]);
    await client.beta.sessions.events.send(created.id, { events: [defineOutcome()] });
    const session = await waitForStatus(client, created.id, ["idle"]);
    const events = (await allEvents(client, session.id)) as Event[];
    const digest = digestSession(session.id, events as unknown as SessionEvent[]);
    const [first] = ofType<Event>(events, "span.outcome_evaluation_end");
    expect(digest.outcome_grades).toEqual([
      { event_id: first!.id, iteration: 0, result: "needs_revision", unmet: ['The clause names "indemnity"', 'The clause names "governing law"'] },
      { event_id: expect.any(String), iteration: 1, result: "satisfied", unmet: [] },
    ]);
    const [reflection] = await waitForReflections(client, session.id, 1);
    const written = reflection!.written.map((entry) => entry.path);
    const expectation = written.find((path) => path.startsWith("/preferences/outputs-are-graded-on"));
    expect(expectation, JSON.stringify(reflection)).toBeDefined();
    const storeId = (agent as unknown as { memory_store_id: string }).memory_store_id;
    const memories = (await client.beta.memoryStores.memories.list(storeId, { path_prefix: "/preferences/", view: "full" })).data;
    expect(memories.find((memory) => memory.type === "memory" && memory.path === expectation)).toMatchObject({
      content: 'Outputs are graded on: The clause names "indemnity"',
    });
  });
});

describe("outcome webhooks", () => {
  it("signs one session.outcome_evaluation_ended per evaluation, verified by the SDK's unwrap", async () => {
    const apiKey = await newTenantKey();
    const tenant = lucidClient(apiKey);
    const inbox = newInbox("outcome");
    const endpoint = await createEndpoint(inbox, ["session.outcome_evaluation_ended"], apiKey);
    const agent = await createAgent(tenant);
    const environment = await createEnvironment(tenant);
    const created = await tenant.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    await scriptReplies(created.id, [textReply("No phrases yet.")]);
    await tenant.beta.sessions.events.send(created.id, { events: [defineOutcome()] });
    await waitForStatus(tenant, created.id, ["idle"]);
    const deliveries = await receivedAtLeast(inbox, 2);
    const events = deliveries.map((delivery) => tenant.beta.webhooks.unwrap(delivery.body, { headers: delivery.headers, key: endpoint.signing_secret }));
    expect(events.map((event) => [event.data.type, event.data.id])).toEqual([
      ["session.outcome_evaluation_ended", created.id],
      ["session.outcome_evaluation_ended", created.id],
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
  });
});

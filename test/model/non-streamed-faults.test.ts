// Faults of the model calls that are not streamed (the outcome grader, dream phases): the same defined results as a
// session's streamed step: a body cut short or malformed is retried, never recorded, and the work completes.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { Dream } from "../../src/schemas/dream-resource";
import { waitForDream, dreamFinished } from "../fixtures/dreams";
import { allEvents, createEnvironment, createAgent, lucidClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, type SimReply, textReply } from "../fixtures/simulator";
import { exportAgent, runWorkaroundSession } from "../fixtures/workaround-sessions";

const client = lucidClient();
type Event = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent & Record<string, unknown>;

const FAULTS: [string, SimReply][] = [
  ["a body cut short", { type: "stream_cut", after_text: "Half a verd" }],
  ["a body that is not JSON", { type: "malformed_sse" }],
];

describe("non-streamed model faults", () => {
  it.each(FAULTS)("retries the outcome grader after %s and grades once", async (_name, fault) => {
    const agent = await createAgent(client);
    const environment = await createEnvironment(client);
    const created = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    await scriptReplies(created.id, [textReply('It names "indemnity" and "governing law".')]);
    await scriptReplies(`${created.id}.grader`, [fault]);
    await client.beta.sessions.events.send(created.id, {
      events: [
        { type: "user.define_outcome", description: "Draft the clause.", rubric: { type: "text", content: '- Names "indemnity"\n- Names "governing law"' } },
      ],
    });
    await waitForStatus(client, created.id, ["idle"]);

    const events = (await allEvents(client, created.id)) as Event[];
    const errors = events.filter((event) => event.type === "session.error") as unknown as {
      error: { type: string; message: string; retry_status: { type: string } };
    }[];
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toMatchObject({
      type: "model_request_failed_error",
      message: expect.stringMatching(/broke off or was malformed/),
      retry_status: { type: "retrying" },
    });
    const ends = events.filter((event) => event.type === "span.outcome_evaluation_end");
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ result: "satisfied" });
    expect(await receivedRequests(`${created.id}.grader`)).toHaveLength(2);
  });

  it.each(FAULTS)("retries a dream's phase call after %s and completes as without the fault", async (_name, fault) => {
    // No reflection, so the only model call left to the agent's script queue is the dream's first (session review).
    const agent = await exportAgent(client, { dreaming: { mode: "auto" }, memory: { reflection: false } });
    for (const file of ["lease.docx", "nda.docx", "offer.docx"]) await runWorkaroundSession(client, agent.id, file);
    await scriptReplies(agent.id, [fault]);
    // The simulator's dream policy answers the calls after it.
    const started = (await client.post(`/v1/agents/${agent.id}/dream`)) as Dream;
    const dream = await waitForDream(client, started.id, dreamFinished, 30_000);

    expect(dream.status).toBe("completed");
    expect(dream.changeset!.operations).toHaveLength(1);
    const progress = (await allEvents(client, dream.session_id!)) as Event[];
    const errors = progress.filter((event) => event.type === "session.error") as unknown as { error: { type: string; retry_status: { type: string } } }[];
    expect(errors.map((error) => [error.error.type, error.error.retry_status.type])).toEqual([["model_request_failed_error", "retrying"]]);
    // Review, synthesis, curation, plus the one call that failed.
    expect(await receivedRequests(started.id)).toHaveLength(4);
  });
});

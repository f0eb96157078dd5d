// A thread's live stream (`client.beta.sessions.threads.events.stream`): its specialist session's events as they
// happen, the same as its event list, and nobody else's thread.
import { describe, expect, it } from "vitest";
import { lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { newTenantKey } from "../fixtures/webhooks";
import { createCoordinator, createSpecialists, openThreadsAndWait, waitForFirstThread } from "../fixtures/multiagent";

const client = lucidClient();

describe("a thread's stream", () => {
  it("streams the specialist's events live, as its event list has them, until the thread is idle", async () => {
    const [specialist] = await createSpecialists(client, 1);
    const coordinator = await createCoordinator(client, [specialist!.id]);
    await scriptReplies(coordinator.id, [openThreadsAndWait({ agent_id: specialist!.id, task: "Summarise the lease." }), textReply("Summarised.")]);
    await scriptReplies(specialist!.id, [textReply("The lease runs five years.", { delay_ms: 800 })]);
    const session = await startSession(client, coordinator.id, "Summarise it.");
    const threadId = (await waitForFirstThread(client, session.id)).id;

    const stream = await client.beta.sessions.threads.events.stream(threadId, { session_id: session.id });
    const streamed: { id: string; type: string }[] = [];
    for await (const event of stream) {
      streamed.push(event as { id: string; type: string });
      if (event.type === "session.status_idle") break;
    }
    expect(JSON.stringify(streamed)).toContain("The lease runs five years.");
    const listed = await client.beta.sessions.threads.events.list(threadId, { session_id: session.id });
    expect(streamed.map((event) => event.id)).toEqual(listed.data.slice(0, streamed.length).map((event) => event.id));
    await waitForStatus(client, session.id, ["idle"], 15_000);
  });

  it("is not found for another tenant, or for a session that is not the thread's coordinator", async () => {
    const [specialist] = await createSpecialists(client, 1);
    const coordinator = await createCoordinator(client, [specialist!.id]);
    await scriptReplies(coordinator.id, [openThreadsAndWait({ agent_id: specialist!.id, task: "Part." }), textReply("Done.")]);
    await scriptReplies(specialist!.id, [textReply("ok")]);
    const session = await startSession(client, coordinator.id, "Go.");
    const threadId = (await waitForFirstThread(client, session.id)).id;
    await waitForStatus(client, session.id, ["idle"], 15_000);

    const stranger = lucidClient(await newTenantKey());
    await expect(stranger.beta.sessions.threads.events.stream(threadId, { session_id: session.id })).rejects.toMatchObject({ status: 404 });
    // The thread's own session is no coordinator of it.
    await expect(client.beta.sessions.threads.events.stream(threadId, { session_id: threadId })).rejects.toMatchObject({ status: 404 });
  });
});

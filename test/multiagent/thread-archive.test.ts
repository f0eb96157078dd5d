// Archiving a thread (`client.beta.sessions.threads.archive`): only once it has settled; its specialist session is
// archived with it, and it stays listed.
import { describe, expect, it } from "vitest";
import { lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { createCoordinator, createSpecialists, openThreadsAndWait, waitForFirstThread } from "../fixtures/multiagent";

const client = lucidClient();

describe("archiving a thread", () => {
  it("is refused while the thread works, then archives it and its specialist session", async () => {
    const [specialist] = await createSpecialists(client, 1);
    const coordinator = await createCoordinator(client, [specialist!.id]);
    await scriptReplies(coordinator.id, [openThreadsAndWait({ agent_id: specialist!.id, task: "Check the dates." }), textReply("Checked.")]);
    await scriptReplies(specialist!.id, [textReply("Dates are fine.", { delay_ms: 1_000 })]);
    const session = await startSession(client, coordinator.id, "Check it.");

    const working = await waitForFirstThread(client, session.id, (status) => status === "running");
    await expect(client.beta.sessions.threads.archive(working.id, { session_id: session.id })).rejects.toMatchObject({ status: 400 });

    await waitForStatus(client, session.id, ["idle"], 15_000);
    const archived = await client.beta.sessions.threads.archive(working.id, { session_id: session.id });
    expect(archived).toMatchObject({ id: working.id, type: "session_thread", status: "idle" });
    expect(archived.archived_at).toEqual(expect.any(String));
    expect((await client.beta.sessions.retrieve(working.id)).archived_at).toEqual(expect.any(String));
    // Still listed, archived; archiving again changes nothing.
    expect((await client.beta.sessions.threads.list(session.id)).data.map((thread) => [thread.id, thread.archived_at])).toEqual([
      [working.id, archived.archived_at],
    ]);
    expect((await client.beta.sessions.threads.archive(working.id, { session_id: session.id })).archived_at).toBe(archived.archived_at);
  });
});

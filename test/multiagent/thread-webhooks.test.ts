import { describe, expect, it } from "vitest";
import { lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { createEndpoint, newInbox, newTenantKey, receivedAtLeast, receivedEvents } from "../fixtures/webhooks";
import { coordinatorFanningOut, waitResults } from "../fixtures/multiagent";

describe("thread webhooks", () => {
  it("sends one session.thread_created per thread, naming it", async () => {
    const apiKey = await newTenantKey();
    const client = lucidClient(apiKey);
    const inbox = newInbox("threads");
    await createEndpoint(inbox, ["session.thread_created"], apiKey);
    const { coordinator } = await coordinatorFanningOut(client, 2, { task: "Part.", reply: "Done." });
    const session = await startSession(client, coordinator.id, "Go.");
    await waitForStatus(client, session.id, ["idle"], 20_000);
    const [wait] = await waitResults(client, session.id);

    await receivedAtLeast(inbox, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const delivered = (await receivedEvents(inbox)).map((event) => event.data);
    expect(delivered).toHaveLength(2);
    expect(delivered.map((data) => [data.type, data.id])).toEqual([
      ["session.thread_created", session.id],
      ["session.thread_created", session.id],
    ]);
    expect(delivered.map((data) => data.session_thread_id).sort()).toEqual(wait!.threads.map((thread) => thread.thread_id).sort());
  });
});

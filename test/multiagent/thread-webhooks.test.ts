import { describe, expect, it } from "vitest";
import { lucidClient } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { createEndpoint, newInbox, newTenantKey, received, receivedAtLeast } from "../webhooks/webhook-fixtures";
import { createCoordinator, createSpecialists, startSession, toolCalls, waitForStatus, waitResults } from "./multiagent-fixtures";

describe("thread webhooks", () => {
  it("sends one session.thread_created per thread, naming it", async () => {
    const apiKey = await newTenantKey();
    const client = lucidClient(apiKey);
    const inbox = newInbox("threads");
    await createEndpoint(inbox, ["session.thread_created"], apiKey);
    const specialists = await createSpecialists(client, 2);
    const coordinator = await createCoordinator(
      client,
      specialists.map((agent) => agent.id),
    );
    await scriptReplies(coordinator.id, [
      toolCalls(...specialists.map((agent) => ({ name: "open_thread", input: { agent_id: agent.id, task: "Part." } })), {
        name: "wait_for_threads",
        input: {},
      }),
      textReply("Done."),
    ]);
    const session = await startSession(client, coordinator.id, "Go.");
    await waitForStatus(client, session.id, ["idle"], 20_000);
    const [wait] = await waitResults(client, session.id);

    await receivedAtLeast(inbox, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const delivered = (await received(inbox)).map((delivery) => (JSON.parse(delivery.body) as { data: Record<string, unknown> }).data);
    expect(delivered).toHaveLength(2);
    expect(delivered.map((data) => [data.type, data.id])).toEqual([
      ["session.thread_created", session.id],
      ["session.thread_created", session.id],
    ]);
    expect(delivered.map((data) => data.session_thread_id).sort()).toEqual(wait!.threads.map((thread) => thread.thread_id).sort());
  });
});

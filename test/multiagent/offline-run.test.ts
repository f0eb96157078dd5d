import { describe, expect, it } from "vitest";
import { api, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { createCoordinator, createSpecialists, events } from "../fixtures/multiagent";

const client = lucidClient();

async function workspaceFiles(sessionId: string): Promise<string[]> {
  const response = await api(`/v1/sessions/${sessionId}/workspace/files?limit=100`);
  return ((await response.json()) as { data: { path: string }[] }).data.map((file) => file.path);
}

describe("a multiagent session on the simulator's default policies", () => {
  it("splits the listed parts into threads, each specialist writes its part, and the coordinator merges them", async () => {
    const specialists = await createSpecialists(client, 2, { memory: { reflection: false } });
    const coordinator = await createCoordinator(
      client,
      specialists.map((agent) => agent.id),
    );
    const session = await startSession(client, coordinator.id, "Write the launch plan.\nParts: Timeline; Budget; Risks");
    await waitForStatus(client, session.id, ["idle"], 20_000);

    expect((await workspaceFiles(session.id)).sort()).toEqual(["/merged.md", "/parts/budget.md", "/parts/risks.md", "/parts/timeline.md"]);
    const merged = await (await api(`/v1/sessions/${session.id}/workspace/files/merged.md`)).text();
    expect(merged).toMatch(/^# Merged result/);
    for (const part of ["Timeline", "Budget", "Risks"]) expect(merged).toContain(`## ${part}`);
    expect(await (await api(`/v1/sessions/${session.id}/workspace/files/parts/budget.md`)).text()).toBe("Budget: drafted by Specialist 2.");

    const all = await events(client, session.id);
    const created = all.filter((event) => event.type === "session.thread_created");
    expect(created.map((event) => event.agent_name)).toEqual(["Specialist 1", "Specialist 2", "Specialist 1"]);
    expect(all.filter((event) => event.type === "agent.thread_message_received")).toHaveLength(3);
    expect(JSON.stringify(all.at(-2))).toContain("merged into /merged.md");

    const threads = await client.beta.sessions.threads.list(session.id);
    expect(threads.data.map((thread) => [thread.status, thread.session_id])).toEqual([
      ["idle", session.id],
      ["idle", session.id],
      ["idle", session.id],
    ]);
    const threadEvents = await client.beta.sessions.threads.events.list(threads.data[0]!.id, { session_id: session.id });
    expect(threadEvents.data.some((event) => event.type === "agent.tool_use")).toBe(true);
  });
});

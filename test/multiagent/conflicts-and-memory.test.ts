import { describe, expect, it } from "vitest";
import { api, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { coordinatorFanningOut, createCoordinator, createSpecialists, openThreadsAndWait, toolCalls, waitResults } from "../fixtures/multiagent";
import { waitForReflections } from "../fixtures/reflections";

const client = lucidClient();
const storeOf = (agent: object) => (agent as { memory_store_id: string }).memory_store_id;

async function workspaceText(sessionId: string, path: string): Promise<string> {
  const response = await api(`/v1/sessions/${sessionId}/workspace/files${path}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe("threads sharing a workspace", () => {
  it("surfaces a stale write as a conflict in the wait result, and the coordinator merges", async () => {
    const [early, late] = await createSpecialists(client, 2);
    const coordinator = await createCoordinator(client, [early!.id, late!.id]);
    await scriptReplies(early!.id, [
      toolCalls({ name: "write", input: { file_path: "/report.md", content: "Early findings.\n" } }),
      textReply("Wrote the report."),
    ]);
    // The late specialist writes the same file after the early one, without having read it: refused, with the current content.
    await scriptReplies(late!.id, [
      { ...toolCalls({ name: "write", input: { file_path: "/report.md", content: "Late findings.\n" } }), delay_ms: 800 },
      textReply("My write was refused."),
    ]);
    await scriptReplies(coordinator.id, [
      openThreadsAndWait({ agent_id: early!.id, task: "Write the report." }, { agent_id: late!.id, task: "Write the report too." }),
      toolCalls({ name: "read", input: { file_path: "/report.md" } }),
      toolCalls({ name: "write", input: { file_path: "/report.md", content: "Early findings.\nLate findings.\n" } }),
      textReply("Merged both reports."),
    ]);

    const session = await startSession(client, coordinator.id, "Both of you, write the report.");
    await waitForStatus(client, session.id, ["idle"], 20_000);

    const [wait] = await waitResults(client, session.id);
    const byAgent = new Map(wait!.threads.map((thread) => [thread.agent_id, thread]));
    expect(byAgent.get(early!.id)!.conflicts).toEqual([]);
    expect(byAgent.get(late!.id)!.conflicts).toEqual([{ path: "/report.md", message: expect.stringContaining("Early findings.") }]);
    expect(byAgent.get(late!.id)!.conflicts[0]!.message).toMatch(/^Conflict:/);
    expect(await workspaceText(session.id, "/report.md")).toBe("Early findings.\nLate findings.\n");
    // The threads worked in the coordinator's workspace: the thread's own view of it is the same files.
    expect(await workspaceText(byAgent.get(late!.id)!.thread_id, "/report.md")).toBe("Early findings.\nLate findings.\n");
  });

  it("keeps each specialist's memories in its own store, and each reflects on its thread", async () => {
    const { specialists, coordinator } = await coordinatorFanningOut(client, 2, {
      task: "Do your part and remember it.",
      reply: "Done.",
      specialist: { memory: { reflection: true } },
    });
    for (const [index, agent] of specialists.entries()) {
      await scriptReplies(agent.id, [
        toolCalls({ name: "memory_write", input: { path: `/notes/part-${index + 1}.md`, content: `Part ${index + 1} needs care.` } }),
        textReply(`Part ${index + 1} done.`),
      ]);
    }
    const session = await startSession(client, coordinator.id, "Go.");
    await waitForStatus(client, session.id, ["idle"], 20_000);
    const [wait] = await waitResults(client, session.id);

    for (const [index, agent] of specialists.entries()) {
      const memories = await client.beta.memoryStores.memories.list(storeOf(agent), {});
      expect(memories.data.map((memory) => memory.path)).toContain(`/notes/part-${index + 1}.md`);
      const thread = wait!.threads.find((entry) => entry.agent_id === agent.id)!;
      await waitForReflections(client, thread.thread_id, 1);
    }
    const coordinatorMemories = await client.beta.memoryStores.memories.list(storeOf(coordinator), {});
    expect(coordinatorMemories.data).toHaveLength(0);
  });
});

import { describe, expect, it } from "vitest";
import type { Agent, Dream } from "../../client/index";
import { lucidClient } from "../fixtures/lucid";
import { jsonOf, lucid } from "./cli-harness";

const client = lucidClient();

describe("the whole loop from a terminal", () => {
  it("creates an agent, runs sessions, dreams, reviews the diff, approves part of it edited and rolls back", async () => {
    const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Loop drafter", "--dream-mode", "review", "--reflection", "off", "--json"]));

    // A session streams its reply and counters, and exits 0 when the agent ends its turn.
    const first = await lucid(["run", "Loop drafter", "Draft a letter to Acme about the renewal."]);
    expect(first.code).toBe(0);
    const sessionId = /session (sesn_\S+)/.exec(first.stdout)![1]!;
    expect(first.stdout).toContain('Simulated reply to: "Draft a letter to Acme about the renewal."');
    expect(first.stdout).toMatch(/\[step 1 · 1 step · \d+ input \/ \d+ output tokens\]/);
    expect(first.stdout).toMatch(new RegExp(`✓ ${sessionId} idle · 1 step`));

    // The user corrects the agent twice in the same session: two preferences worth remembering.
    for (const correction of ["No, always sign letters as The Acme Legal Team.", "Actually, never use exclamation marks in letters."]) {
      const run = await lucid(["run", agent.id, correction, "--session", sessionId]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Simulated reply to: "${correction}"`);
    }

    // The dream is followed phase by phase, then its changeset is shown.
    const dreamed = await lucid(["dream", agent.id]);
    expect(dreamed.code).toBe(0);
    const dreamId = /Dreaming: (drm_\S+) \(review mode\)/.exec(dreamed.stdout)![1]!;
    const phases = [...dreamed.stdout.matchAll(/^▸ (\w+)/gm)].map((match) => match[1]);
    expect(phases).toEqual(["queued", "reading", "review", "synthesis", "curation", "awaiting_review"]);
    expect(dreamed.stdout).toMatch(/observations 2/);
    expect(dreamed.stdout).toContain(`lucid dreams approve ${dreamId}`);

    // The changeset as a diff, each operation with its reason and the session it rests on.
    const shown = await lucid(["dreams", "show", dreamId]);
    expect(shown.code).toBe(0);
    const dream = jsonOf<Dream>(await lucid(["dreams", "show", dreamId, "--json"]));
    const operations = dream.changeset!.operations;
    expect(operations.length).toBe(2);
    for (const operation of operations) {
      expect(shown.stdout).toContain(`${operation.id}  ${operation.op}  ${operation.path}`);
      expect(shown.stdout).toContain(`why:  ${operation.reason}`);
      for (const line of operation.content!.split("\n")) expect(shown.stdout).toContain(`    + ${line}`);
    }
    expect(shown.stdout).toMatch(new RegExp(`from: ${sessionId} \\(1 event: sevt_`));
    expect(shown.stdout).toMatch(/tokens by phase: review \d+ · synthesis \d+ · curation \d+/);

    const listed = await lucid(["dreams", "list", "--agent", agent.id]);
    expect(listed.stdout).toMatch(new RegExp(`${dreamId}\\s+${agent.id}\\s+running\\s+awaiting_review\\s+2\\s+pending`));

    // Approving one operation applies only it, into a new store the agent now uses.
    const [kept, left] = operations;
    const files = new Map([["signature.md", "Sign letters as The Acme Legal Team."]]);
    const approved = await lucid(["dreams", "approve", dreamId, "--ops", kept!.id, "--edit", `${kept!.id}=signature.md`], { files });
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/^▸ done /);
    expect(approved.stdout).toMatch(new RegExp(`✓ applied 1 operation \\(${kept!.id}\\) into (memstore_\\S+)`));
    const moved = jsonOf<Agent>(await lucid(["agents", "show", agent.id, "--json"]));
    expect(moved.memory_store_id).not.toBe(agent.memory_store_id);
    const written = await client.beta.memoryStores.memories.list(moved.memory_store_id!, { view: "full" });
    expect(written.data.map((item) => [item.path, item.type === "memory" ? item.content : null])).toEqual([
      [kept!.path, "Sign letters as The Acme Legal Team."],
    ]);
    expect(left!.path).not.toBe(kept!.path);
    const afterApproval = await lucid(["dreams", "show", dreamId]);
    // The diff shows what the reviewer applied, not what the dream proposed.
    expect(afterApproval.stdout).toContain(`${kept!.id}  ${kept!.op}  ${kept!.path}  [approved, edited by the reviewer]`);
    expect(afterApproval.stdout).toContain("    + Sign letters as The Acme Legal Team.\n");
    expect(afterApproval.stdout).toContain(`${left!.id}  ${left!.op}  ${left!.path}  [not approved]`);

    // Rollback points the agent back at the store it used before the dream.
    const rolledBack = await lucid(["dreams", "rollback", agent.id]);
    expect(rolledBack).toMatchObject({
      code: 0,
      stdout: `Rolled back ${agent.id}: memory store ${moved.memory_store_id} → ${agent.memory_store_id} (both are kept).\n`,
    });
  }, 90_000);
});

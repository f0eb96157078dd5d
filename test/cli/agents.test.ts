import { describe, expect, it } from "vitest";
import type { Agent } from "../../client/index";
import { jsonOf, lucid } from "./cli-harness";

describe("lucid agents", () => {
  it("creates, lists, shows, updates and deletes an agent for people", async () => {
    const created = await lucid([
      "agents",
      "create",
      "--name",
      "Letter drafter",
      "--system",
      "You draft letters.",
      "--dream-mode",
      "review",
      "--dream-every",
      "60",
    ]);
    expect(created.code).toBe(0);
    const id = /^(agent_\S+)\s+Letter drafter/.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    expect(created.stdout).toMatch(/model\s+claude-sonnet-5-5/);
    expect(created.stdout).toMatch(/dreaming\s+review, every 60 min/);
    expect(created.stdout).toMatch(/memory store\s+memstore_/);

    const listed = await lucid(["agents", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+MODEL\s+VERSION\s+DREAMING\s+MEMORY STORE$/);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+Letter drafter\\s+claude-sonnet-5-5\\s+1\\s+review, every 60 min`));

    // By name as well as by id.
    const shown = await lucid(["agents", "show", "Letter drafter"]);
    expect(shown.stdout.startsWith(`${id}  Letter drafter`)).toBe(true);
    expect(shown.stdout).toMatch(/system\s+You draft letters\./);

    const updated = await lucid(["agents", "update", id!, "--system", "You draft short letters.", "--dream-mode", "auto"]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/version\s+2/);
    expect(updated.stdout).toMatch(/dreaming\s+auto, every 60 min/);
    expect(updated.stdout).toMatch(/system\s+You draft short letters\./);

    const deleted = await lucid(["agents", "delete", id!]);
    expect(deleted).toMatchObject({ code: 0, stdout: `Archived ${id} (Letter drafter).\n` });
    expect((await lucid(["agents", "list"])).stdout).not.toContain(id!);
    expect((await lucid(["agents", "list", "--archived"])).stdout).toContain(id!);
  });

  it("prints one JSON document per command with --json", async () => {
    const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "JSON agent", "--model", "claude-haiku-5", "--reflection", "off", "--json"]));
    expect(agent).toMatchObject({ type: "agent", name: "JSON agent", model: { id: "claude-haiku-5" }, memory: { reflection: false }, version: 1 });

    const list = jsonOf<{ data: Agent[] }>(await lucid(["agents", "list", "--json"]));
    expect(list.data.map((item) => item.id)).toContain(agent.id);

    expect(jsonOf<Agent>(await lucid(["agents", "show", agent.id, "--json"]))).toEqual(
      expect.objectContaining({ id: agent.id, memory_store_id: agent.memory_store_id }),
    );

    const updated = jsonOf<Agent>(await lucid(["agents", "update", agent.id, "--name", "Renamed", "--json"]));
    expect(updated).toMatchObject({ id: agent.id, name: "Renamed", version: 2 });

    const archived = jsonOf<Agent>(await lucid(["agents", "delete", agent.id, "--json"]));
    expect(archived.archived_at).not.toBeNull();
  });

  it("refuses an update that changes nothing, and reports the API's refusal of a bad field", async () => {
    const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Strict", "--json"]));
    const nothing = await lucid(["agents", "update", agent.id]);
    expect(nothing.code).toBe(2);
    const badCron = await lucid(["agents", "update", agent.id, "--dream-cron", "not a cron"]);
    expect(badCron.code).toBe(1);
    expect(badCron.stderr).toMatch(/invalid_request_error \(400\).*cron/);
  });
});

// What the CLI prints for people passes through one escape: text from the API (a legacy agent name, a memory's content,
// an error message) shows its control and bidirectional formatting characters as `\u{…}`, never as terminal commands.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../client/index";
import { api } from "../fixtures/lucid";
import { jsonOf, lucid } from "./cli-harness";

/** Control Sequence Introducer and Operating System Command: what would clear the screen or retitle the terminal. */
const TERMINAL_COMMAND = /\u001b[[\]]|\u009b/;

describe("the CLI escapes what it prints", () => {
  it("shows an agent name stored before names were checked with its ESC and RLO visible", async () => {
    const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Plain", "--json"]));
    // The API refuses such a name now; an agent stored before then may still hold one.
    await runInDurableObject(env.AGENT.getByName(agent.id), (_instance, state) => {
      const row = state.storage.sql.exec<{ config: string }>("SELECT config FROM agent_versions").one();
      const config = { ...JSON.parse(row.config), name: "Evil\u001b[2J\u202eexe.fdp" };
      state.storage.sql.exec("UPDATE agent_versions SET config = ?", JSON.stringify(config));
    });
    // Any update lists the agent under the name it holds.
    expect((await api(`/v1/agents/${agent.id}`, { method: "POST", json: { version: 1, metadata: { touched: "yes" } } })).status).toBe(200);

    const shown = await lucid(["agents", "show", agent.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toMatch(TERMINAL_COMMAND);
    expect(shown.stdout).not.toContain("\u202e");
    expect(shown.stdout).toContain("Evil\\u{1b}[2J\\u{202e}exe.fdp");

    const listed = await lucid(["agents", "list"]);
    expect(listed.stdout).toContain("Evil\\u{1b}[2J\\u{202e}exe.fdp");
    expect(listed.stdout).not.toMatch(TERMINAL_COMMAND);

    // Scripts asking for JSON get the stored value itself.
    expect(jsonOf<Agent>(await lucid(["agents", "show", agent.id, "--json"])).name).toBe("Evil\u001b[2J\u202eexe.fdp");
  });

  it("keeps a memory's lines and tabs but shows the escape sequences in its content", async () => {
    const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Keeper", "--json"]));
    const content = "Line one\n\tindented\r\nred: \u001b[31mRED\u001b[0m\u0007";
    expect((await lucid(["memory", "edit", agent.id, "/notes.md", "--content", content])).code).toBe(0);
    const shown = await lucid(["memory", "show", agent.memory_store_id!, "/notes.md"]);
    expect(shown.stdout).toMatch(/\n\nLine one\n\tindented\r\nred: \\u\{1b\}\[31mRED\\u\{1b\}\[0m\\u\{7\}\n$/);
    expect(shown.stdout).not.toMatch(TERMINAL_COMMAND);
  });
});

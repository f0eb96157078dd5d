import { describe, expect, it } from "vitest";
import { devVar } from "../../cli/config";
import { lucid } from "./cli-harness";

describe("lucid usage", () => {
  it("exits 2 with a usage line on stderr for unknown commands, unknown flags and missing arguments", async () => {
    const unknownCommand = await lucid(["teleport"]);
    expect(unknownCommand).toMatchObject({ code: 2, stdout: "" });
    expect(unknownCommand.stderr).toMatch(/unknown command "teleport"\nusage: lucid/);

    const unknownSub = await lucid(["agents", "explode"]);
    expect(unknownSub.code).toBe(2);
    expect(unknownSub.stderr).toMatch(/unknown command "agents explode"/);
    expect(unknownSub.stderr).toMatch(/lucid agents create/);

    const unknownFlag = await lucid(["agents", "list", "--colour", "red"]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toBe("lucid: unknown flag --colour\nusage: lucid agents list [flags] [--json]\n");

    const missing = await lucid(["run", "agent_x"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing <input>\nusage: lucid run <agent> <input>/);

    const extra = await lucid(["agents", "show", "agent_a", "agent_b"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/unexpected argument "agent_b"/);

    const noName = await lucid(["agents", "create"]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/--name is required/);

    const badValue = await lucid(["agents", "create", "--name", "x", "--dream-mode", "sometimes"]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/--dream-mode is auto or review/);

    expect((await lucid([])).code).toBe(2);
  });

  it("prints help for the whole CLI, a group and a command, exiting 0", async () => {
    const all = await lucid(["--help"]);
    expect(all.code).toBe(0);
    for (const command of [
      "agents create",
      "run <agent> <input>",
      "sessions events",
      "memory search",
      "dream <agent>",
      "dreams approve",
      "multiagent <session>",
      "webhooks redeliver",
      "environments key <environment>",
      "keys create",
    ]) {
      expect(all.stdout).toContain(command);
    }
    const group = await lucid(["dreams", "--help"]);
    expect(group).toMatchObject({ code: 0, stderr: "" });
    expect(group.stdout).toMatch(/lucid dreams rollback <agent>/);
    const command = await lucid(["dreams", "approve", "--help"]);
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/--ops <op_1,op_2>/);
    expect(command.stdout).toMatch(/--edit <op_id=file.md>/);
  });

  it("reads the local admin key from a dotenv file", () => {
    expect(devVar("# comment\nLUCID_ADMIN_KEY=lucid-local-admin-key\nOTHER=1\n", "LUCID_ADMIN_KEY")).toBe("lucid-local-admin-key");
    expect(devVar('LUCID_ADMIN_KEY="quoted"', "LUCID_ADMIN_KEY")).toBe("quoted");
    expect(devVar("OTHER=1", "LUCID_ADMIN_KEY")).toBeUndefined();
  });

  it("reports an API error as exit code 1 with the error type and message", async () => {
    const missing = await lucid(["agents", "show", "agent_nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^lucid: not_found_error \(404\): .*agent_nope/);
    const wrongKey = await lucid(["agents", "list"], { apiKey: "wrong" });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/authentication_error \(401\)/);
  });
});

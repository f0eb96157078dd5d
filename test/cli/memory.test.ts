import { describe, expect, it } from "vitest";
import type { Agent } from "../../client/index";
import type { Memory, MemoryImportResult } from "../../src/schemas/memory";
import { jsonOf, lucid } from "./cli-harness";

async function agentWithMemories(): Promise<Agent> {
  const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Memory keeper", "--json"]));
  expect((await lucid(["memory", "edit", agent.id, "/preferences/signature.md", "--content", "Sign letters as The Acme Legal Team."])).code).toBe(0);
  expect((await lucid(["memory", "edit", agent.id, "/workarounds/pdf-export.md", "--content", "PDF export fails on DOCX: convert first."])).code).toBe(0);
  return agent;
}

describe("lucid memory", () => {
  it("lists, searches and shows an agent's memories with who wrote them", async () => {
    const agent = await agentWithMemories();
    const listed = await lucid(["memory", "list", agent.id]);
    expect(listed.stdout).toMatch(new RegExp(`^${agent.memory_store_id}: 2 memories\nPATH\\s+BYTES\\s+WRITTEN BY`));
    expect(listed.stdout).toMatch(/\/preferences\/signature\.md\s+36\s+person/);
    expect((await lucid(["memory", "list", agent.id, "--prefix", "/workarounds/"])).stdout).not.toContain("signature");

    const found = await lucid(["memory", "search", agent.id, "pdf export"]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^\/workarounds\/pdf-export\.md {2}\(score [\d.e-]+\)\n {2}.*\*\*pdf\*\*/i);
    expect(found.stdout).not.toContain("signature");

    const shown = await lucid(["memory", "show", agent.memory_store_id!, "/preferences/signature.md"]);
    expect(shown.stdout).toMatch(/^\/preferences\/signature\.md {2}\(mem_\S+, 36 bytes\)\n {2}written by {2}person/);
    expect(shown.stdout).toMatch(/\n\nSign letters as The Acme Legal Team\.\n$/);

    const missing = await lucid(["memory", "show", agent.id, "/nowhere.md"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no memory at \/nowhere\.md/);
  });

  it("edits a memory with --content, a file or $EDITOR", async () => {
    const agent = await agentWithMemories();
    const updated = await lucid(["memory", "edit", agent.id, "/preferences/signature.md", "--content", "Sign as Acme Legal."]);
    expect(updated.stdout).toBe(`Updated /preferences/signature.md in ${agent.memory_store_id}.\n`);

    const files = new Map([["tone.md", "Formal, short sentences."]]);
    expect((await lucid(["memory", "edit", agent.id, "preferences/tone.md", "--content", "@tone.md"], { files })).stdout).toMatch(
      /^Created \/preferences\/tone\.md/,
    );

    let shownToEditor = "";
    const edited = await lucid(["memory", "edit", agent.id, "/preferences/tone.md"], {
      editor: (text) => {
        shownToEditor = text;
        return `${text}\nNo exclamation marks.`;
      },
    });
    expect(edited.code).toBe(0);
    expect(shownToEditor).toBe("Formal, short sentences.");
    const memory = jsonOf<Memory>(await lucid(["memory", "show", agent.id, "/preferences/tone.md", "--json"]));
    expect(memory.content).toBe("Formal, short sentences.\nNo exclamation marks.");
    expect(memory.lucid.author.type).toBe("person");

    expect((await lucid(["memory", "edit", agent.id, "/preferences/tone.md", "--content", memory.content!])).stdout).toBe("/preferences/tone.md unchanged.\n");
  });

  it("exports a store as a bundle and imports it into another agent's store", async () => {
    const source = await agentWithMemories();
    const files = new Map<string, string>();
    const exported = await lucid(["memory", "export", source.id, "--out", "memory.md"], { files });
    expect(exported.stdout).toBe(`Wrote ${source.memory_store_id} to memory.md.\n`);
    expect(files.get("memory.md")).toContain("Sign letters as The Acme Legal Team.");
    const toStdout = await lucid(["memory", "export", source.id]);
    expect(toStdout.stdout).toBe(files.get("memory.md"));

    const target = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Copy", "--json"]));
    const imported = await lucid(["memory", "import", target.id, "memory.md"], { files });
    expect(imported.stdout).toBe(`Imported into ${target.memory_store_id}: 2 created, 0 modified, 0 deleted, 0 unchanged.\n`);
    const again = jsonOf<MemoryImportResult>(await lucid(["memory", "import", target.id, "-", "--mode", "replace", "--json"], { stdin: toStdout.stdout }));
    expect(again).toMatchObject({ created: 0, unchanged: 2 });
    expect((await lucid(["memory", "list", target.id])).stdout).toMatch(/\/workarounds\/pdf-export\.md/);
    expect((await lucid(["memory", "import", target.id, "nothing.md"], { files })).code).toBe(2);
  });
});

// Applying a changeset: the output store each operation makes, with provenance, support and supersede links, and the input left as it was.
import { describe, expect, it } from "vitest";
import { applyChangeset, archivePathOf } from "../../src/dreaming/apply-changeset";
import { sha256Hex } from "../../src/sha256";
import type { DreamOperation, MemoryEntry } from "../../src/schemas/dream";
import { storedMemory } from "../fixtures/session-transcripts";

const NOW = "2026-11-25T12:00:00.000Z";
const DREAM = "drm_apply";
const evidence = (...sessions: string[]) => sessions.map((session) => ({ session_id: session, event_ids: [`sevt_${session}`] }));
const op = (fields: Partial<DreamOperation> & Pick<DreamOperation, "id" | "op" | "path">): DreamOperation => ({
  reason: "because",
  evidence: evidence("sesn_c"),
  ...fields,
});
const at = (store: readonly MemoryEntry[], path: string) => store.find((entry) => entry.path === path);

const store = async () => [
  await storedMemory("/playbooks/deploy.md", "Use sudo.", { provenance: evidence("sesn_a", "sesn_b"), support_count: 2 }),
  await storedMemory("/notes/a.md", "Staging resets nightly.", { provenance: evidence("sesn_a"), support_count: 1 }),
  await storedMemory("/notes/b.md", "Staging is reset every night.", {
    provenance: evidence("sesn_b"),
    support_count: 1,
    author: { type: "session", id: "sesn_b" },
  }),
];

describe("applyChangeset", () => {
  it("creates a memory written by the dream, with provenance from its evidence and support in distinct sessions", async () => {
    const output = await applyChangeset(
      await store(),
      [op({ id: "op_1", op: "create", path: "/notes/c.md", content: "New.", evidence: evidence("sesn_c", "sesn_d", "sesn_c") })],
      DREAM,
      NOW,
    );
    expect(at(output, "/notes/c.md")).toEqual({
      path: "/notes/c.md",
      content: "New.",
      content_sha256: await sha256Hex("New."),
      author: { type: "dream", id: DREAM },
      provenance: [
        { session_id: "sesn_c", event_ids: ["sevt_sesn_c"] },
        { session_id: "sesn_d", event_ids: ["sevt_sesn_d"] },
      ],
      support_count: 2,
      last_confirmed_at: NOW,
    });
    expect(output.map((entry) => entry.path)).toEqual(["/notes/a.md", "/notes/b.md", "/notes/c.md", "/playbooks/deploy.md"]);
  });

  it("updates content and adds the new sessions to provenance and support", async () => {
    const output = await applyChangeset(
      await store(),
      [op({ id: "op_1", op: "update", path: "/playbooks/deploy.md", content: "Use sudo: true.", evidence: evidence("sesn_b", "sesn_c") })],
      DREAM,
      NOW,
    );
    expect(at(output, "/playbooks/deploy.md")).toMatchObject({
      content: "Use sudo: true.",
      content_sha256: await sha256Hex("Use sudo: true."),
      author: { type: "dream", id: DREAM },
      provenance: evidence("sesn_a", "sesn_b", "sesn_c"),
      support_count: 3,
      last_confirmed_at: NOW,
    });
  });

  it("merges memories into one, removing the merged paths and uniting provenance and support", async () => {
    const merge = op({ id: "op_1", op: "merge", path: "/notes/staging.md", target_paths: ["/notes/a.md", "/notes/b.md"], content: "Staging resets nightly." });
    const output = await applyChangeset(await store(), [merge], DREAM, NOW);
    expect(output.map((entry) => entry.path)).toEqual(["/notes/staging.md", "/playbooks/deploy.md"]);
    expect(at(output, "/notes/staging.md")).toMatchObject({ provenance: evidence("sesn_a", "sesn_b", "sesn_c"), support_count: 3 });
  });

  it("supersedes: the old memory moves to the archive, linked both ways with the new one", async () => {
    const supersede = op({
      id: "op_1",
      op: "supersede",
      path: "/playbooks/deploy.md",
      target_paths: ["/playbooks/deploy.md"],
      content: "Ask for access; never sudo.",
    });
    const output = await applyChangeset(await store(), [supersede], DREAM, NOW);
    const archived = archivePathOf("/playbooks/deploy.md", DREAM);
    expect(archived).toBe("/superseded/drm_apply/playbooks/deploy.md");
    expect(at(output, "/playbooks/deploy.md")).toMatchObject({
      content: "Ask for access; never sudo.",
      supersedes: [archived],
      provenance: evidence("sesn_c"),
      support_count: 1,
    });
    expect(at(output, archived)).toMatchObject({ content: "Use sudo.", superseded_by: "/playbooks/deploy.md", support_count: 2 });
  });

  it("repoints older archives when the memory they were superseded by is superseded in turn", async () => {
    const first = await applyChangeset(
      await store(),
      [op({ id: "op_1", op: "supersede", path: "/notes/a.md", target_paths: ["/notes/a.md"], content: "v2" })],
      "drm_one",
      NOW,
    );
    const second = await applyChangeset(
      first,
      [op({ id: "op_1", op: "supersede", path: "/notes/a.md", target_paths: ["/notes/a.md"], content: "v3" })],
      "drm_two",
      NOW,
    );
    expect(at(second, "/superseded/drm_one/notes/a.md")?.superseded_by).toBe("/superseded/drm_two/notes/a.md");
    expect(at(second, "/superseded/drm_two/notes/a.md")).toMatchObject({
      content: "v2",
      superseded_by: "/notes/a.md",
      supersedes: ["/superseded/drm_one/notes/a.md"],
    });
    expect(at(second, "/notes/a.md")).toMatchObject({ content: "v3", supersedes: ["/superseded/drm_two/notes/a.md"] });
  });

  it("deletes, and never modifies the memories it was given", async () => {
    const input = await store();
    const before = structuredClone(input);
    const output = await applyChangeset(
      input,
      [op({ id: "op_1", op: "delete", path: "/notes/a.md" }), op({ id: "op_2", op: "update", path: "/notes/b.md", content: "Changed." })],
      DREAM,
      NOW,
    );
    expect(output.map((entry) => entry.path)).toEqual(["/notes/b.md", "/playbooks/deploy.md"]);
    expect(input).toEqual(before);
  });

  it("throws on an operation naming a memory that is not there, rather than apply part of a changeset", async () => {
    await expect(applyChangeset(await store(), [op({ id: "op_7", op: "delete", path: "/nope.md" })], DREAM, NOW)).rejects.toThrow(
      "op_7: no memory at /nope.md",
    );
  });
});

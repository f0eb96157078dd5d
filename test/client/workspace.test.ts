// The client's workspace files: write, read, stat, list across pages, guarded writes and deletes, versions, tenant isolation.
import { describe, expect, it } from "vitest";
import { createAgent, createEnvironment, lucidClient } from "../fixtures/lucid";
import { newTenant, testClient } from "./client-fixtures";

const sdk = lucidClient();
const lucid = testClient();

async function newSession() {
  const agent = await createAgent(sdk);
  const environment = await createEnvironment(sdk);
  return sdk.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
}

describe("workspace files through the client", () => {
  it("writes, reads and lists files, with paths that need encoding", async () => {
    const session = await newSession();
    const created = await lucid.workspace.write(session.id, "/notes/plan v1.md", "# Plan\n", { contentType: "text/markdown" });
    expect(created).toMatchObject({ type: "workspace_file", path: "/notes/plan v1.md", size_bytes: 7, content_type: "text/markdown" });
    expect(await lucid.workspace.read(session.id, "notes/plan v1.md")).toBe("# Plan\n");
    expect(await lucid.workspace.stat(session.id, "/notes/plan v1.md")).toMatchObject({
      version: created.version,
      written_by: { type: "person", api_key_id: "admin" },
    });

    for (const path of ["/docs/c.md", "/docs/a.md", "/docs/b.md"]) await lucid.workspace.write(session.id, path, path);
    const first = await lucid.workspace.list(session.id, { prefix: "/docs", limit: 2 });
    expect(first.data.map((file) => file.path)).toEqual(["/docs/a.md", "/docs/b.md"]);
    const paths: string[] = [];
    for await (const file of lucid.workspace.list(session.id, { prefix: "/docs", limit: 2 })) paths.push(file.path);
    expect(paths).toEqual(["/docs/a.md", "/docs/b.md", "/docs/c.md"]);
  });

  it("guards writes and deletes with the version last seen", async () => {
    const session = await newSession();
    const first = await lucid.workspace.write(session.id, "/a.txt", "one");
    await expect(lucid.workspace.write(session.id, "/a.txt", "again", { ifNoneMatch: true })).rejects.toMatchObject({ status: 412 });
    const second = await lucid.workspace.write(session.id, "/a.txt", "two", { ifMatch: first.version });
    await expect(lucid.workspace.write(session.id, "/a.txt", "stale", { ifMatch: first.version })).rejects.toMatchObject({
      status: 412,
      type: "precondition_failed_error",
    });
    await expect(lucid.workspace.delete(session.id, "/a.txt", { ifMatch: first.version })).rejects.toMatchObject({ status: 412 });
    expect(await lucid.workspace.delete(session.id, "/a.txt", { ifMatch: second.version })).toMatchObject({ type: "workspace_file_deleted", path: "/a.txt" });
    await expect(lucid.workspace.read(session.id, "/a.txt")).rejects.toMatchObject({ status: 404 });
  });

  it("lists a file's versions across pages and reads a past one", async () => {
    const session = await newSession();
    const first = await lucid.workspace.write(session.id, "/log.md", "one");
    const second = await lucid.workspace.write(session.id, "/log.md", "two");
    await lucid.workspace.delete(session.id, "/log.md");
    const listed: [number, boolean][] = [];
    for await (const version of lucid.workspace.versions(session.id, "/log.md", { limit: 1 })) listed.push([version.version, version.deleted]);
    expect(listed.slice(1)).toEqual([
      [second.version, false],
      [first.version, false],
    ]);
    expect(listed[0]![1]).toBe(true);
    expect(await lucid.workspace.read(session.id, "/log.md", { version: first.version })).toBe("one");
    await expect(lucid.workspace.read(session.id, "/log.md", { version: listed[0]![0] })).rejects.toMatchObject({ status: 404, type: "not_found_error" });
  });

  it("keeps another tenant out of a session's workspace", async () => {
    const session = await newSession();
    await lucid.workspace.write(session.id, "/private.txt", "mine");
    const { lucid: other } = await newTenant();
    await expect(other.workspace.read(session.id, "/private.txt")).rejects.toMatchObject({ status: 404 });
    await expect(other.workspace.write(session.id, "/private.txt", "theirs")).rejects.toMatchObject({ status: 404 });
  });
});

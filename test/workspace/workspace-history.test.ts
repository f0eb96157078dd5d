// A workspace keeps its history: every write and delete, by a person or an agent, stays listable and readable until
// the history's own cap prunes the oldest versions; tenants, crashes and bad queries cannot break it.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { AgentObject } from "../../src/agent/agent-object";
import { armCrash, crashStillArmed, disarmCrashes } from "../../src/faults/crash-points";
import type { WorkspaceFileVersion } from "../../src/schemas/workspace";
import { DEFAULT_HISTORY_MAX_BYTES, historyMaxBytes } from "../../src/workspace/workspace-limits";
import { api, createAgent, createEnvironment, lucidClient, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, type SimReply, textReply } from "../fixtures/simulator";

const client = lucidClient();
const call = (name: string, input: Record<string, unknown>): SimReply => ({ type: "message", content: [{ type: "tool_use", name, input }] });

type VersionPage = { data: WorkspaceFileVersion[]; next_page: string | null };
type ErrorBody = { type: string; error: { type: string; message: string } };

async function newSession(agentId?: string, text?: string) {
  const agent = agentId ?? (await createAgent(client)).id;
  const environment = await createEnvironment(client);
  const initial_events = text ? [{ type: "user.message" as const, content: [{ type: "text" as const, text }] }] : undefined;
  return client.beta.sessions.create({ agent, environment_id: environment.id, initial_events });
}

const fileUrl = (sessionId: string, path: string, query = "") => `/v1/sessions/${sessionId}/workspace/files${path}${query}`;

async function put(sessionId: string, path: string, body: BodyInit, contentType = "text/plain"): Promise<number> {
  const response = await api(fileUrl(sessionId, path), { method: "PUT", body, headers: { "content-type": contentType } });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return ((await response.json()) as { version: number }).version;
}

async function versions(sessionId: string, path: string, query = ""): Promise<VersionPage> {
  const response = await api(fileUrl(sessionId, path, `?view=versions${query}`));
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as VersionPage;
}

const readVersion = (sessionId: string, path: string, version: number, apiKey?: string) => api(fileUrl(sessionId, path, `?version=${version}`), { apiKey });

/** Fills `bytes` with random data (getRandomValues takes at most 64 KiB at a time). */
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + 65_536, length)));
  return bytes;
}

async function workspaceIdOf(sessionId: string): Promise<string> {
  const agentId = `agent_${sessionId.slice("sesn_".length, "sesn_".length + 24)}`;
  return runInDurableObject(env.AGENT.getByName(agentId), (instance: AgentObject) => instance.rpc.sessionWorkspace("tnt_default", agentId, sessionId));
}

afterEach(() => disarmCrashes());

describe("a workspace file's history", () => {
  it("keeps every version a person writes and the delete, newest first, each readable byte for byte", async () => {
    const session = await newSession();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x00]);
    const v1 = await put(session.id, "/notes/brief.md", "# Brief\n", "text/markdown");
    const v2 = await put(session.id, "/notes/brief.md", png, "image/png");
    const v3 = await put(session.id, "/notes/brief.md", "# Brief, final\n", "text/markdown");
    const deleted = await api(fileUrl(session.id, "/notes/brief.md"), { method: "DELETE" });
    expect(await deleted.json()).toEqual({ type: "workspace_file_deleted", path: "/notes/brief.md", version: v3 });
    expect((await api(fileUrl(session.id, "/notes/brief.md"))).status).toBe(404);

    // A deleted file's versions stay listable by its path, the delete first, as a version of its own.
    const listed = (await versions(session.id, "/notes/brief.md")).data;
    const person = { type: "person", api_key_id: "admin" };
    expect(listed.map((entry) => [entry.version, entry.deleted])).toEqual([
      [listed[0]!.version, true],
      [v3, false],
      [v2, false],
      [v1, false],
    ]);
    expect(listed[0]!.version).toBeGreaterThan(v3);
    expect(listed[0]).toMatchObject({
      type: "workspace_file_version",
      path: "/notes/brief.md",
      size_bytes: 0,
      content_type: null,
      is_text: null,
      written_by: person,
    });
    expect(listed[2]).toMatchObject({ version: v2, size_bytes: png.length, content_type: "image/png", is_text: false, written_by: person });
    expect(listed[3]).toMatchObject({ version: v1, size_bytes: 8, content_type: "text/markdown", is_text: true });

    const first = await readVersion(session.id, "/notes/brief.md", v1);
    expect(await first.text()).toBe("# Brief\n");
    expect(first.headers.get("content-type")).toBe("text/markdown");
    expect(first.headers.get("etag")).toBe(`"${v1}"`);
    expect(first.headers.get("x-lucid-version")).toBe(String(v1));
    expect(JSON.parse(first.headers.get("x-lucid-written-by")!)).toEqual(person);
    const binary = await readVersion(session.id, "/notes/brief.md", v2);
    expect(binary.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await binary.arrayBuffer())).toEqual(png);
    expect(await (await readVersion(session.id, "/notes/brief.md", v3)).text()).toBe("# Brief, final\n");

    // The delete has no content, and a version the path never had is not found; both say which version.
    for (const missing of [listed[0]!.version, v3 + 1000]) {
      const response = await readVersion(session.id, "/notes/brief.md", missing);
      expect(response.status).toBe(404);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.type).toBe("not_found_error");
      expect(body.error.message).toContain(`version ${missing}`);
    }

    // Re-created, the file's new live version heads the same list; its version is readable like any other.
    const v5 = await put(session.id, "/notes/brief.md", "# Brief, again\n");
    expect((await versions(session.id, "/notes/brief.md")).data.map((entry) => entry.version)).toEqual([v5, listed[0]!.version, v3, v2, v1]);
    expect(await (await readVersion(session.id, "/notes/brief.md", v5)).text()).toBe("# Brief, again\n");
    // Another path's version is not this path's.
    const other = await put(session.id, "/other.md", "other");
    expect((await readVersion(session.id, "/notes/brief.md", other)).status).toBe(404);
  });

  it("pages a long history with a cursor", async () => {
    const session = await newSession();
    const written: number[] = [];
    for (let index = 1; index <= 5; index++) written.push(await put(session.id, "/log.txt", `entry ${index}`));
    const seen: number[] = [];
    let page = await versions(session.id, "/log.txt", "&limit=2");
    seen.push(...page.data.map((entry) => entry.version));
    while (page.next_page) {
      page = await versions(session.id, "/log.txt", `&limit=2&page=${page.next_page}`);
      expect(page.data.length).toBeGreaterThan(0);
      seen.push(...page.data.map((entry) => entry.version));
    }
    expect(seen).toEqual(written.reverse());
  });

  it("keeps an agent's write and edit as versions written by its session", async () => {
    const agent = await createAgent(client, { tools: [{ type: "agent_toolset_20260401" }] });
    await scriptReplies(agent.id, [
      call("write", { file_path: "/notes.md", content: "status: draft\n" }),
      call("edit", { file_path: "/notes.md", old_string: "draft", new_string: "final" }),
      textReply("The notes are final."),
    ]);
    const session = await newSession(agent.id, "Write the notes, then finish them.");
    await waitForStatus(client, session.id, ["idle"]);
    const personal = await put(session.id, "/notes.md", "status: reviewed\n");

    const listed = (await versions(session.id, "/notes.md")).data;
    expect(listed.map((entry) => entry.written_by)).toEqual([
      { type: "person", api_key_id: "admin" },
      { type: "session", id: session.id },
      { type: "session", id: session.id },
    ]);
    expect(listed[0]!.version).toBe(personal);
    expect(listed[2]).toMatchObject({ content_type: "text/plain; charset=utf-8", size_bytes: 14, deleted: false });
    expect(await (await readVersion(session.id, "/notes.md", listed[2]!.version)).text()).toBe("status: draft\n");
    expect(await (await readVersion(session.id, "/notes.md", listed[1]!.version)).text()).toBe("status: final\n");
  });

  it("adds no second version when an agent's write is re-run after a crash", async () => {
    const agent = await createAgent(client, { tools: [{ type: "agent_toolset_20260401" }] });
    await scriptReplies(agent.id, [call("write", { file_path: "/once.md", content: "written once\n" }), textReply("Done.")]);
    // The write is applied, then the object dies before the tool's result is stored: the step runs again.
    armCrash("session.tool_executed");
    const session = await newSession(agent.id, "Write it once.");
    const deadline = Date.now() + 20_000;
    while (crashStillArmed("session.tool_executed")) {
      if (Date.now() > deadline) throw new Error("the crash never happened");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await runDurableObjectAlarm(env.AGENT.getByName(agent.id))).toBe(true);
    await waitForStatus(client, session.id, ["idle"], 20_000);

    const listed = (await versions(session.id, "/once.md")).data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ deleted: false, size_bytes: 13, written_by: { type: "session", id: session.id } });
  });

  it("prunes the oldest past versions, across paths, once the history passes its cap, never a live file", async () => {
    // The tests' cap is 2 MiB (vitest.config.ts): three past versions of 800,000 bytes pass it, two do not.
    const session = await newSession();
    await put(session.id, "/small.md", "a");
    await put(session.id, "/small.md", "b");
    const big = [randomBytes(800_000), randomBytes(800_000), randomBytes(800_000), randomBytes(800_000)];
    const bigVersions: number[] = [];
    for (const bytes of big) bigVersions.push(await put(session.id, "/data/big.bin", bytes, "application/octet-stream"));

    // The oldest went first: small.md's "a", then big.bin's first version; the live files are whole.
    expect((await versions(session.id, "/small.md")).data.map((entry) => entry.size_bytes)).toEqual([1]);
    expect(await (await api(fileUrl(session.id, "/small.md"))).text()).toBe("b");
    expect((await versions(session.id, "/data/big.bin")).data.map((entry) => entry.version)).toEqual(bigVersions.slice(1).reverse());
    const pruned = await readVersion(session.id, "/data/big.bin", bigVersions[0]!);
    expect(pruned.status).toBe(404);
    expect(((await pruned.json()) as ErrorBody).error.message).toMatch(/pruned/);
    expect(new Uint8Array(await (await readVersion(session.id, "/data/big.bin", bigVersions[1]!)).arrayBuffer())).toEqual(big[1]);
    expect(new Uint8Array(await (await api(fileUrl(session.id, "/data/big.bin"))).arrayBuffer())).toEqual(big[3]);

    // Pruned content is gone from storage: the live files' chunks (1 + 2) and the two kept past versions' (2 + 2).
    const stored = await runInDurableObject(env.WORKSPACE.getByName(await workspaceIdOf(session.id)), (_instance, state) => ({
      chunks: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM file_chunks").one().n,
      history: state.storage.sql.exec<{ history_bytes: number; history_versions: number }>("SELECT history_bytes, history_versions FROM workspace").one(),
    }));
    expect(stored).toEqual({ chunks: 7, history: { history_bytes: 1_600_000, history_versions: 2 } });
  });

  it("keeps another tenant out of a file's history", async () => {
    const session = await newSession();
    const version = await put(session.id, "/private.md", "mine");
    await put(session.id, "/private.md", "still mine");
    const created = (await (await api("/v1/api_keys", { method: "POST", json: { name: "history intruder" } })).json()) as { key: string };
    for (const query of ["?view=versions", `?version=${version}`]) {
      const response = await api(fileUrl(session.id, "/private.md", query), { apiKey: created.key });
      expect(response.status, query).toBe(404);
      expect(await response.text()).not.toContain("mine");
    }
  });

  it("refuses queries it cannot answer, naming the parameter", async () => {
    const session = await newSession();
    await put(session.id, "/a.md", "a");
    for (const query of ["?version=0", "?version=two", "?view=versions&version=1", "?view=metadata&version=1", "?view=versions&limit=1000", "?view=history"]) {
      const response = await api(fileUrl(session.id, "/a.md", query));
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as ErrorBody).error.type).toBe("invalid_request_error");
    }
    expect((await api(fileUrl(session.id, "/never.md", "?view=versions"))).status).toBe(404);
  });
});

describe("the history cap setting", () => {
  it("takes a whole number of bytes, 0 included, and falls back to 4 GiB otherwise", () => {
    expect(DEFAULT_HISTORY_MAX_BYTES).toBe(4 * 1024 ** 3);
    expect(historyMaxBytes("2097152")).toBe(2_097_152);
    expect(historyMaxBytes("0")).toBe(0);
    for (const setting of [undefined, "", " ", "-1", "1.5", "lots"]) expect(historyMaxBytes(setting), String(setting)).toBe(DEFAULT_HISTORY_MAX_BYTES);
  });
});

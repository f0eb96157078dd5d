import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AgentObject } from "../../src/agent/agent-object";
import { api, createAgent, createEnvironment, lucidClient, newTenantClient } from "../fixtures/lucid";

const client = lucidClient();

async function newSession(owner = client) {
  const agent = await createAgent(owner);
  const environment = await createEnvironment(owner);
  return owner.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
}

const filesUrl = (sessionId: string, path = "") => `/v1/sessions/${sessionId}/workspace/files${path}`;

function put(sessionId: string, path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return api(filesUrl(sessionId, path), { method: "PUT", body, headers: { "content-type": "text/markdown", ...headers } });
}

type ErrorBody = { type: string; error: { type: string; message: string; current_version?: string } };
type FileBody = { type: string; path: string; version: number; size_bytes: number; content_type: string; is_text: boolean; written_by: unknown };

describe("workspace files through the API", () => {
  it("creates, reads and replaces a file, with its version as the ETag and who wrote it", async () => {
    const session = await newSession();
    const created = await put(session.id, "/notes/plan.md", "# Plan\n");
    expect(created.status).toBe(201);
    const first = (await created.json()) as FileBody;
    expect(first).toMatchObject({ type: "workspace_file", path: "/notes/plan.md", size_bytes: 7, content_type: "text/markdown", is_text: true });
    expect(created.headers.get("etag")).toBe(`"${first.version}"`);

    const read = await api(filesUrl(session.id, "/notes/plan.md"));
    expect(read.status).toBe(200);
    expect(await read.text()).toBe("# Plan\n");
    expect(read.headers.get("content-type")).toBe("text/markdown");
    expect(read.headers.get("etag")).toBe(`"${first.version}"`);
    expect(JSON.parse(read.headers.get("x-lucid-written-by")!)).toEqual({ type: "person", api_key_id: "admin" });

    const replaced = await put(session.id, "/notes/plan.md", "# Plan v2\n");
    expect(replaced.status).toBe(200);
    const second = (await replaced.json()) as FileBody;
    expect(second.version).toBeGreaterThan(first.version);

    const metadata = await api(filesUrl(session.id, "/notes/plan.md?view=metadata"));
    expect(await metadata.json()).toMatchObject({ path: "/notes/plan.md", version: second.version, size_bytes: 10 });
    expect(metadata.headers.get("etag")).toBe(`"${second.version}"`);
  });

  it("lists files under a prefix in path order, in cursor pages", async () => {
    const session = await newSession();
    for (const path of ["/docs/c.md", "/docs/a.md", "/docs/b.md", "/other.md"]) await put(session.id, path, path);
    const first = (await (await api(filesUrl(session.id, "?prefix=/docs&limit=2"))).json()) as { data: FileBody[]; next_page: string | null };
    expect(first.data.map((file) => file.path)).toEqual(["/docs/a.md", "/docs/b.md"]);
    expect(first.next_page).toBeTruthy();
    const second = (await (await api(filesUrl(session.id, `?prefix=/docs&limit=2&page=${first.next_page}`))).json()) as {
      data: FileBody[];
      next_page: string | null;
    };
    expect(second.data.map((file) => file.path)).toEqual(["/docs/c.md"]);
    expect(second.next_page).toBeNull();
    const all = (await (await api(filesUrl(session.id))).json()) as { data: FileBody[] };
    expect(all.data).toHaveLength(4);
  });

  it("guards writes and deletes with If-Match: a stale version gets 412 with the current one, and nothing changes", async () => {
    const session = await newSession();
    const v1 = ((await (await put(session.id, "/contract.md", "one")).json()) as FileBody).version;
    const v2 = ((await (await put(session.id, "/contract.md", "two")).json()) as FileBody).version;

    const stale = await put(session.id, "/contract.md", "three", { "if-match": `"${v1}"` });
    expect(stale.status).toBe(412);
    const body = (await stale.json()) as ErrorBody;
    expect(body.error.type).toBe("precondition_failed_error");
    expect(body.error.current_version).toBe(String(v2));
    expect(stale.headers.get("etag")).toBe(`"${v2}"`);
    expect(await (await api(filesUrl(session.id, "/contract.md"))).text()).toBe("two");

    const fresh = await put(session.id, "/contract.md", "three", { "if-match": `"${v2}"` });
    expect(fresh.status).toBe(200);
    const v3 = ((await fresh.json()) as FileBody).version;
    expect((await put(session.id, "/contract.md", "x", { "if-none-match": "*" })).status).toBe(412);

    const staleDelete = await api(filesUrl(session.id, "/contract.md"), { method: "DELETE", headers: { "if-match": `"${v2}"` } });
    expect(staleDelete.status).toBe(412);
    expect(staleDelete.headers.get("etag")).toBe(`"${v3}"`);
    const deleted = await api(filesUrl(session.id, "/contract.md"), { method: "DELETE", headers: { "if-match": `"${v3}"` } });
    expect(await deleted.json()).toEqual({ type: "workspace_file_deleted", path: "/contract.md", version: v3 });
    expect((await api(filesUrl(session.id, "/contract.md"))).status).toBe(404);

    // A re-created file never repeats a version an earlier reader saw.
    const recreated = (await (await put(session.id, "/contract.md", "four")).json()) as FileBody;
    expect(recreated.version).toBeGreaterThan(v3);
  });

  it("confines paths to the workspace: no climbing above the root, no NUL, bounded length and depth", async () => {
    const session = await newSession();
    const refused = [
      "/a%2F..%2F..%2Fetc%2Fpasswd",
      "/%2F..%2Fetc",
      "/..%2Fescape.md",
      "/bad%00name.md",
      `/${"x".repeat(1_100)}`,
      `/${Array.from({ length: 40 }, () => "d").join("/")}/f.md`,
      "/folder/",
    ];
    for (const path of refused) {
      const response = await put(session.id, path, "nope");
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as ErrorBody).error.type).toBe("invalid_request_error");
    }
    expect(((await (await api(filesUrl(session.id))).json()) as { data: unknown[] }).data).toEqual([]);

    // `..` that stays inside is resolved, not refused.
    const inside = await put(session.id, "/a/b%2F..%2Fc.md", "fine");
    expect(((await inside.json()) as FileBody).path).toBe("/a/c.md");
  });

  it("stores a file larger than one chunk in chunks and returns it byte for byte", async () => {
    const session = await newSession();
    const bytes = new Uint8Array(3 * 1024 * 1024 + 17);
    for (let offset = 0; offset < bytes.length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + 65_536, bytes.length)));
    const created = await put(session.id, "/data/blob.bin", bytes, { "content-type": "application/octet-stream" });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ size_bytes: bytes.length, is_text: false });

    const read = await api(filesUrl(session.id, "/data/blob.bin"));
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(bytes);

    const agentId = `agent_${session.id.slice("sesn_".length, "sesn_".length + 24)}`;
    const workspaceId = await runInDurableObject(env.AGENT.getByName(agentId), (instance: AgentObject) =>
      instance.rpc.sessionWorkspace("tnt_default", agentId, session.id),
    );
    const chunks = await runInDurableObject(
      env.WORKSPACE.getByName(workspaceId),
      (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM file_chunks").one().n,
    );
    expect(chunks).toBe(7);
  });

  it("keeps binary content and its content type exactly", async () => {
    const session = await newSession();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x00]);
    await put(session.id, "/logo.png", png, { "content-type": "image/png" });
    const read = await api(filesUrl(session.id, "/logo.png"));
    expect(read.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(png);
  });

  it("refuses a file over 25 MiB as request_too_large", async () => {
    const session = await newSession();
    const response = await put(session.id, "/huge.bin", new Uint8Array(25 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.type).toBe("request_too_large");
    expect((await api(filesUrl(session.id, "/huge.bin"))).status).toBe(404);
  });

  it("belongs to the session's tenant only", async () => {
    const session = await newSession();
    await put(session.id, "/secret.md", "mine");
    const stranger = await newTenantClient("workspace stranger");
    const key = (stranger as unknown as { apiKey: string }).apiKey;
    for (const [path, method] of [
      ["", "GET"],
      ["/secret.md", "GET"],
      ["/secret.md", "PUT"],
      ["/secret.md", "DELETE"],
    ] as const) {
      const response = await api(filesUrl(session.id, path), { method, apiKey: key, ...(method === "PUT" ? { body: "theirs" } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect(await (await api(filesUrl(session.id, "/secret.md"))).text()).toBe("mine");
    expect((await api(filesUrl("sesn_nope", "/x.md"))).status).toBe(404);
  });
});

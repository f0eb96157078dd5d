// The client's API keys (admin only): a key created, used, listed across pages, and deleted.
import { describe, expect, it } from "vitest";
import { testClient } from "./client-fixtures";

const admin = testClient();

describe("API keys through the client", () => {
  it("creates a key that works, lists every key across pages, and deletes it", async () => {
    const created = await admin.apiKeys.create({ name: "client key", rate_limit_per_minute: 1_000 });
    expect(created).toMatchObject({ type: "api_key", name: "client key", tenant_id: expect.stringMatching(/^tnt_/), key: expect.stringMatching(/^sk-lucid-/) });
    await admin.apiKeys.create({ name: "second client key" });
    await expect(testClient(created.key).dreams.list()).resolves.toMatchObject({ data: [] });

    const firstPage = await admin.apiKeys.list({ limit: 1 });
    expect(firstPage.data).toHaveLength(1);
    expect(firstPage.next_page).toEqual(expect.any(String));
    const ids: string[] = [];
    for await (const key of admin.apiKeys.list({ limit: 1 })) ids.push(key.id);
    expect(ids).toContain(created.id);
    expect(new Set(ids).size).toBe(ids.length);

    expect(await admin.apiKeys.delete(created.id)).toEqual({ id: created.id, type: "api_key_deleted" });
    await expect(testClient(created.key).dreams.list()).rejects.toMatchObject({ status: 401, type: "authentication_error" });
  });

  it("is refused to tenant keys", async () => {
    const { key } = await admin.apiKeys.create({ name: "not an admin" });
    await expect(testClient(key).apiKeys.list()).rejects.toMatchObject({ status: 403, type: "permission_error" });
  });
});

// An object's schema: found without being created, created only when asked, and a schema made before brought up to
// date when the object starts, as objects created before storage became lazy need.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ObjectSchema } from "../../src/storage/object-schema";

const FIRST = ["CREATE TABLE probe_a (x INTEGER)"];
const LATER = [...FIRST, "CREATE TABLE probe_b (y INTEGER)"];

/** Runs `use` on the SQLite of an object nothing else touches, and lists that object's tables (Miniflare's aside). */
function inFreshObject(name: string, use: (sql: SqlStorage) => void): Promise<string[]> {
  return runInDurableObject(env.WORKSPACE.getByName(name), (_instance, state) => {
    use(state.storage.sql);
    return state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_miniflare%' ESCAPE '\\' ORDER BY name")
      .toArray()
      .map((row) => row.name);
  });
}

describe("an object's schema", () => {
  it("is found absent without anything being created, even the migrations' own table", async () => {
    const tables = await inFreshObject("schema-absent", (sql) => expect(new ObjectSchema(sql, FIRST).exists).toBe(false));
    expect(tables).toEqual([]);
  });

  it("is created when asked, once", async () => {
    const tables = await inFreshObject("schema-created", (sql) => {
      const schema = new ObjectSchema(sql, FIRST);
      schema.create();
      schema.create();
      expect(schema.exists).toBe(true);
      expect(sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM _migrations").one().n).toBe(1);
    });
    expect(tables).toEqual(["_migrations", "probe_a"]);
  });

  it("made by an earlier version, gets the migrations added since as soon as the object starts", async () => {
    const tables = await inFreshObject("schema-upgraded", (sql) => {
      new ObjectSchema(sql, FIRST).create();
      const started = new ObjectSchema(sql, LATER);
      expect(started.exists).toBe(true);
    });
    expect(tables).toEqual(["_migrations", "probe_a", "probe_b"]);
  });
});

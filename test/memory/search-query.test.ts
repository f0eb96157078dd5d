import { describe, expect, it } from "vitest";
import { toFtsQuery } from "../../src/memory/search-query";

describe("FTS query escaping", () => {
  it("quotes each word and lets any of them match", () => {
    expect(toFtsQuery("wrangler deploy")).toBe('"wrangler" OR "deploy"');
  });

  it("leaves FTS operators, quotes and punctuation inert", () => {
    expect(toFtsQuery('"unbalanced NEAR(a b) column:x AND -y* ^z')).toBe('"unbalanced" OR "near" OR "a" OR "b" OR "column" OR "x" OR "and" OR "y" OR "z"');
    expect(toFtsQuery("'; DROP TABLE memories; --")).toBe('"drop" OR "table" OR "memories"');
  });

  it("keeps letters of every script and drops repeats", () => {
    expect(toFtsQuery("Café café 東京 2026")).toBe('"café" OR "東京" OR "2026"');
  });

  it("has nothing to search for in punctuation alone", () => {
    expect(toFtsQuery("*** ()")).toBeNull();
    expect(toFtsQuery("")).toBeNull();
  });
});

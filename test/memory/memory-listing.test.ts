import { describe, expect, it } from "vitest";
import { foldedPrefix, listingItems, resumePoint } from "../../src/memory/memory-listing";

const rows = (...paths: string[]) => paths.map((path) => ({ path }));

describe("depth-limited listings", () => {
  it("folds a memory deeper than the depth into the folder at that depth", () => {
    expect(foldedPrefix("/a/b/c.md", "/", 0)).toBeNull();
    expect(foldedPrefix("/a/b/c.md", "/", 1)).toBe("/a/");
    expect(foldedPrefix("/a/b/c.md", "/", 2)).toBe("/a/b/");
    expect(foldedPrefix("/a/b/c.md", "/", 3)).toBeNull();
    expect(foldedPrefix("/a/b/c.md", "/a/", 1)).toBe("/a/b/");
    expect(foldedPrefix("/a/top.md", "/a/", 1)).toBeNull();
  });

  it("yields one marker per folder, in path order, among the memories that show themselves", () => {
    const items = [...listingItems(rows("/a/1.md", "/a/x/2.md", "/a/x/3.md", "/a/y/4.md", "/b.md"), "/", 1)];
    expect(items).toEqual([{ type: "memory_prefix", path: "/a/" }, { path: "/b.md" }]);
    const deeper = [...listingItems(rows("/a/1.md", "/a/x/2.md", "/a/x/3.md", "/a/y/4.md", "/b.md"), "/", 2)];
    expect(deeper).toEqual([{ path: "/a/1.md" }, { type: "memory_prefix", path: "/a/x/" }, { type: "memory_prefix", path: "/a/y/" }, { path: "/b.md" }]);
    expect([...listingItems(rows("/a/1.md", "/b.md"), "/", 0)]).toEqual(rows("/a/1.md", "/b.md"));
  });

  it("resumes after a memory at the next path, and after a marker past its whole folder", () => {
    expect(resumePoint("/a/1.md")).toEqual({ path: "/a/1.md", inclusive: false });
    expect(resumePoint("/a/")).toEqual({ path: "/a0", inclusive: true });
  });
});

import { describe, expect, it } from "vitest";
import { ancestorPaths, folderRange, memoryPathProblem, pathPrefixProblem } from "../../src/schemas/memory-path";

describe("memory paths", () => {
  it("accepts paths as the API describes them", () => {
    for (const path of ["/a", "/projects/foo/notes.md", "/with space/ünïcode ☕.md", "/" + "s/".repeat(19) + "leaf", "/" + "x".repeat(1023)]) {
      expect(memoryPathProblem(path), path).toBeNull();
    }
  });

  it("refuses what the API refuses, saying why", () => {
    expect(memoryPathProblem("a.md")).toMatch(/start with '\/'/);
    expect(memoryPathProblem("/")).toMatch(/empty segments/);
    expect(memoryPathProblem("/a//b")).toMatch(/empty segments/);
    expect(memoryPathProblem("/a/")).toMatch(/empty segments/);
    expect(memoryPathProblem("/a/../b")).toMatch(/'\.\.'/);
    expect(memoryPathProblem("/./b")).toMatch(/'\.'/);
    expect(memoryPathProblem("/a\nb")).toMatch(/control or format/);
    expect(memoryPathProblem("/zero\u200bwidth")).toMatch(/control or format/);
    expect(memoryPathProblem("/line\u2028sep")).toMatch(/control or format/);
    expect(memoryPathProblem("/e\u0301")).toMatch(/Normalization Form C/);
    expect(memoryPathProblem("/" + "s/".repeat(20) + "leaf")).toMatch(/at most 20 segments/);
    expect(memoryPathProblem("/" + "é".repeat(512))).toMatch(/1024 bytes/);
  });

  it("takes a prefix as a folder: '/' or a valid path followed by '/'", () => {
    expect(pathPrefixProblem("/")).toBeNull();
    expect(pathPrefixProblem("/notes/")).toBeNull();
    expect(pathPrefixProblem("/notes")).toMatch(/end with '\/'/);
    expect(pathPrefixProblem("/a//")).toMatch(/empty segments/);
  });

  it("names the folders above a path", () => {
    expect(ancestorPaths("/a/b/c.md")).toEqual(["/a", "/a/b"]);
    expect(ancestorPaths("/top.md")).toEqual([]);
  });

  it("bounds a folder's paths in byte order, so siblings that share a prefix fall outside", () => {
    const { from, to } = folderRange("/notes/");
    const inside = (path: string) => path >= from && path < to;
    expect(inside("/notes/todo.md")).toBe(true);
    expect(inside("/notes/deep/x.md")).toBe(true);
    expect(inside("/notes-archive/todo.md")).toBe(false);
    expect(inside("/notes0")).toBe(false);
    expect(inside("/notes")).toBe(false);
  });
});

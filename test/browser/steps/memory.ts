// Memory pages in Chromium: open the store the loop's dream wrote, open its memory, search it, edit the memory, and read
// the new version as a side-by-side diff of the removed and added lines.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { step } from "../browser-step";
import type { LoopResult } from "./main-loop";

const EDITED_FIRST_LINE = "Sign every client letter as 'The Acme Legal Team'.";

export async function checkMemory(page: Page, loop: LoopResult): Promise<void> {
  let originalContent = "";
  let memoryPath = "";
  await step("Open the dream's memory store and its memory", page, async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Memory" }).click();
    await page.getByRole("heading", { name: "Memory", level: 1 }).waitFor();
    const storeName = new RegExp(`\\(dream ${loop.dreamId}\\)$`);
    await page.getByRole("link", { name: storeName }).click();
    await page.getByRole("heading", { name: storeName, level: 1 }).waitFor();
    // The loop approved only the first operation (the sign-off), so the dream's output store holds that one memory.
    const memories = page.getByRole("navigation", { name: "Memories by path" }).getByRole("button");
    await memories.first().waitFor();
    assert.equal(await memories.count(), 1);
    await memories.first().click();
    memoryPath = (await page.getByRole("article").getByRole("heading", { level: 2 }).textContent()) ?? "";
    assert.match(memoryPath, /^\/preferences\/.+\.md$/);
    originalContent = (await page.getByRole("article").locator("pre").textContent()) ?? "";
    assert.match(originalContent, /The Acme Legal Team/);
    await page.getByRole("article").getByRole("link", { name: loop.dreamId }).waitFor();
  });

  await step("Search the store for a word and see the hit", page, async () => {
    const search = page.getByRole("search");
    await search.getByRole("searchbox", { name: "Search memories" }).fill("zebra");
    await search.getByRole("button", { name: "Search" }).click();
    await search.getByText("No memory matches “zebra”.").waitFor();
    await search.getByRole("searchbox", { name: "Search memories" }).fill("legal");
    await search.getByRole("button", { name: "Search" }).click();
    const hit = search.getByRole("listitem");
    await hit.first().waitFor();
    assert.equal(await hit.count(), 1);
    await hit.getByRole("button", { name: memoryPath }).waitFor();
    assert.equal(await hit.locator("mark").first().textContent(), "Legal", "the matched word is marked in the snippet");
  });

  const [originalFirstLine, ...rest] = originalContent.split("\n");
  const editedContent = [EDITED_FIRST_LINE, ...rest].join("\n");
  await step("Edit the memory and save it", page, async () => {
    const memory = page.getByRole("article");
    await memory.getByRole("button", { name: "Edit" }).click();
    await memory.getByRole("textbox", { name: "Content" }).fill(editedContent);
    // Before saving, the draft's own diff against the saved content.
    await memory.getByRole("table", { name: /^Saved compared with Your draft: 1 changed lines$/ }).waitFor();
    await memory.getByRole("button", { name: "Save" }).click();
    await memory.getByRole("textbox", { name: "Content" }).waitFor({ state: "detached" });
    await page.waitForFunction((expected) => document.querySelector("article pre")?.textContent === expected, editedContent);
  });

  await step("See the new version with the removed and added lines side by side", page, async () => {
    const versions = page.getByRole("region", { name: "Versions" }).getByRole("listitem");
    await versions.nth(1).waitFor();
    assert.equal(await versions.count(), 2);
    assert.match((await versions.last().locator("summary").textContent()) ?? "", new RegExp(`^created .* by dream ${loop.dreamId}$`));
    const newest = versions.first();
    assert.match((await newest.locator("summary").textContent()) ?? "", /^modified .* by person/);
    await newest.locator("summary").click();
    const diff = newest.getByRole("table", { name: /compared with This version: 1 changed lines$/ });
    await diff.waitFor();
    await diff.getByRole("cell", { name: `removed: ${originalFirstLine}`, exact: true }).waitFor();
    await diff.getByRole("cell", { name: `added: ${EDITED_FIRST_LINE}`, exact: true }).waitFor();
    assert.ok(await diff.getByRole("cell", { name: "Seen in 1 session.", exact: true }).count(), "unchanged lines stay on both sides");
  });
}

// An accessibility audit of whatever the page shows, run after every step of the browser test: the checks a screen
// reader or keyboard user needs first, which the DOM can answer without a rendering engine's help.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";

/** Runs in the page: every problem found, as one line each. */
function findProblems(): string[] {
  const problems: string[] = [];
  const visible = (element: Element) => {
    const box = (element as HTMLElement).getBoundingClientRect?.();
    return !!box && (box.width > 0 || box.height > 0) && getComputedStyle(element).visibility !== "hidden";
  };
  const describe = (element: Element) =>
    `<${element.tagName.toLowerCase()}${element.id ? ` id="${element.id}"` : ""}> ${(element.textContent ?? "").trim().slice(0, 40)}`;
  const named = (element: Element) =>
    !!(
      element.getAttribute("aria-label")?.trim() ||
      element
        .getAttribute("aria-labelledby")
        ?.split(/\s+/)
        .some((id) => document.getElementById(id)?.textContent?.trim()) ||
      element.getAttribute("title")?.trim()
    );

  if (!document.documentElement.lang) problems.push("the document has no lang");
  if (!document.title.trim()) problems.push("the document has no title");
  if (document.querySelectorAll("main").length !== 1) problems.push(`${document.querySelectorAll("main").length} main landmarks, not 1`);

  for (const control of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    const labelled = (control as HTMLInputElement).labels?.length || named(control);
    if (!labelled) problems.push(`a form control without a label: ${describe(control)}`);
  }
  for (const button of document.querySelectorAll("button, [role=button]")) {
    if (visible(button) && !button.textContent?.trim() && !named(button)) problems.push(`a button without a name: ${describe(button)}`);
  }
  for (const link of document.querySelectorAll("a[href]")) {
    if (visible(link) && !link.textContent?.trim() && !named(link)) problems.push(`a link without a name: ${describe(link)}`);
  }
  for (const image of document.querySelectorAll("img, svg[role=img], [role=img]")) {
    const alt = image.tagName === "IMG" ? image.getAttribute("alt") !== null : named(image);
    if (!alt) problems.push(`an image without a text alternative: ${describe(image)}`);
  }

  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible);
  if (headings.filter((heading) => heading.tagName === "H1").length !== 1)
    problems.push(`${headings.filter((heading) => heading.tagName === "H1").length} h1 headings, not 1`);
  headings.reduce((previous, heading) => {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) problems.push(`heading level skips from h${previous} to h${level}: ${describe(heading)}`);
    return level;
  }, 0);

  const ids = new Map<string, number>();
  for (const element of document.querySelectorAll("[id]")) ids.set(element.id, (ids.get(element.id) ?? 0) + 1);
  for (const [id, count] of ids) if (count > 1) problems.push(`the id "${id}" is used ${count} times`);
  return problems;
}

export async function assertAccessible(page: Page): Promise<void> {
  const problems = await page.evaluate(findProblems);
  assert.deepEqual(problems, [], `accessibility problems on ${page.url()}`);
}

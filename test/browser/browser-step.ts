// Named steps of the browser test: each prints its name as it runs, audits the page it ends on for accessibility,
// prints "ok" when it passes, and leaves a screenshot in .cache/browser-screenshots/ numbered in the order taken.
import { mkdirSync, rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { assertAccessible } from "./accessibility-audit";

export const SCREENSHOTS = ".cache/browser-screenshots";

let screenshotCount = 0;

export function clearScreenshots(): void {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  screenshotCount += 1;
  await page.screenshot({ path: `${SCREENSHOTS}/${String(screenshotCount).padStart(2, "0")}-${name}.png`, fullPage: true });
}

export async function step(name: string, page: Page, run: () => Promise<void>): Promise<void> {
  process.stdout.write(`• ${name}… `);
  await run();
  await assertAccessible(page);
  await screenshot(page, name.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-"));
  process.stdout.write("ok\n");
}

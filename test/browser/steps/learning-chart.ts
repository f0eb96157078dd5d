// The learning chart on the loop's agent page: one point per finished session, and a marker where the dream applied,
// read through the chart's accessible name and its data tables (what a screen reader is given).
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { step } from "../browser-step";
import type { LoopResult } from "./main-loop";
import { waitForIdleReply } from "./main-loop";

export async function checkLearningChart(page: Page, loop: LoopResult): Promise<void> {
  await step("Run a second session after the dream", page, async () => {
    // With a session on each side of the dream, its marker must sit between the two points, not merely after the last.
    await page.getByRole("heading", { name: loop.agentName, level: 1 }).waitFor();
    await page.getByLabel("First message").fill("Draft a letter to Acme about the invoice.");
    await page.getByRole("button", { name: "Start session" }).click();
    await waitForIdleReply(page, 1);
    await page.getByRole("link", { name: loop.agentName }).click();
    await page.getByRole("heading", { name: loop.agentName, level: 1 }).waitFor();
  });

  await step("See both sessions and the dream in the learning chart", page, async () => {
    const chart = page.getByRole("img", { name: /^Completion rate and cost per session/ });
    await chart.waitFor();
    assert.match((await chart.getAttribute("aria-labelledby")) ?? "", /\S+ \S+/, "the chart is named by its title and its summary");
    assert.match((await chart.locator("desc").textContent()) ?? "", /^2 finished sessions\..* 1 dreams applied\.$/);
    assert.equal(await chart.locator("circle").count(), 2, "one point per finished session");
    assert.equal(
      await chart
        .locator("line")
        .filter({ has: page.locator("title", { hasText: `Dream ${loop.dreamId} applied` }) })
        .count(),
      1,
    );

    const sessions = page.getByRole("table", { name: "Sessions in order, with completion and cost" });
    const sessionRows = sessions.getByRole("row").filter({ has: page.getByRole("cell") });
    assert.equal(await sessionRows.count(), 2);
    for (const [index, row] of (await sessionRows.all()).entries()) {
      assert.equal(await row.getByRole("cell").first().textContent(), String(index + 1));
      assert.match((await row.getByRole("link").textContent()) ?? "", /^sesn_/);
      assert.equal(await row.getByRole("cell").nth(3).textContent(), "yes", "a session that ended its turn completed");
    }

    const dreams = page.getByRole("table", { name: "Dreams applied" });
    const dreamRows = dreams.getByRole("row").filter({ has: page.getByRole("cell") });
    assert.equal(await dreamRows.count(), 1);
    await dreamRows.getByRole("link", { name: loop.dreamId }).waitFor();
    assert.equal(await dreamRows.getByRole("cell").last().textContent(), "2", "the dream applied before the second session");
  });
}

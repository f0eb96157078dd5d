// The four dashboard views the benchmark loads, each with the moment it counts as ready (checked inside the page on
// every animation frame) and the accessible names a user of a screen reader would find it by (checked afterwards).
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { SeededDashboard } from "./seed";

export interface DashboardView {
  name: string;
  /** What "ready" means, for the report. */
  readyWhen: string;
  /** Hash path of the view ("/agents/agt_…"). */
  path: string;
  /** Runs in the page on every frame: `performance.now()` (ms since navigation start) once ready, else false. */
  readyAt: (expected: Expected) => number | false;
  expected: Expected;
  /** Checks the rendered view by role and name; throws if it is not what was seeded. */
  confirm: (page: Page) => Promise<void>;
}

/** What a view must show, passed into the page (so it must be plain data); each view says what its fields mean. */
export interface Expected {
  /** A text the view shows: the agent's name, or the review notice. */
  text: string;
  /** The two numbers of items it lists: sessions and chart points, user and agent messages, operations and diffs. */
  firstCount: number;
  secondCount: number;
}

export function dashboardViews(seeded: SeededDashboard): DashboardView[] {
  const { agent, longSession, dream } = seeded;
  return [
    {
      name: "agents list",
      readyWhen: "the Agents heading and the seeded agent's link in the agents table",
      path: "/agents",
      expected: { text: agent.name, firstCount: 1, secondCount: 0 },
      readyAt: ({ text }) => {
        const heading = document.querySelector("h1")?.textContent === "Agents";
        const link = [...document.querySelectorAll("table a")].some((element) => element.textContent === text);
        return heading && link ? performance.now() : false;
      },
      confirm: async (page) => {
        await page.getByRole("heading", { name: "Agents", level: 1 }).waitFor();
        await page.getByRole("table", { name: "Agents" }).getByRole("link", { name: agent.name }).waitFor();
      },
    },
    {
      name: "agent page",
      readyWhen: `its sessions table (${seeded.sessionRows} rows) and learning chart (${seeded.chartPoints} points)`,
      path: `/agents/${agent.id}`,
      expected: { text: agent.name, firstCount: seeded.sessionRows, secondCount: seeded.chartPoints },
      readyAt: ({ text, firstCount, secondCount }) => {
        const heading = document.querySelector("h1")?.textContent === text;
        const sessions = [...document.querySelectorAll("table")].find((table) => table.caption?.textContent === "Sessions of this agent, newest first");
        const points = document.querySelectorAll('figure.learning-chart svg[role="img"] circle').length;
        return heading && (sessions?.tBodies[0]?.rows.length ?? 0) >= firstCount && points >= secondCount ? performance.now() : false;
      },
      confirm: async (page) => {
        await page.getByRole("heading", { name: agent.name, level: 1 }).waitFor();
        const sessions = page.getByRole("table", { name: "Sessions of this agent, newest first" });
        assert.equal(
          await sessions
            .getByRole("row")
            .filter({ has: page.getByRole("cell") })
            .count(),
          seeded.sessionRows,
        );
        const chart = page.getByRole("img", { name: /^Completion rate and cost per session/ });
        assert.match((await chart.locator("desc").textContent()) ?? "", new RegExp(`^${seeded.chartPoints} finished sessions\\.`));
      },
    },
    {
      name: "long session",
      readyWhen: `its transcript with all ${longSession.userMessages} user and ${longSession.agentMessages} agent messages`,
      path: `/sessions/${longSession.id}`,
      expected: { text: "", firstCount: longSession.userMessages, secondCount: longSession.agentMessages },
      readyAt: ({ firstCount, secondCount }) => {
        const users = document.querySelectorAll("ol.transcript > li.user").length;
        const agents = document.querySelectorAll('ol.transcript > li.agent[aria-busy="false"]').length;
        return users >= firstCount && agents >= secondCount ? performance.now() : false;
      },
      confirm: async (page) => {
        const transcript = page.getByRole("list", { name: "Transcript" });
        // Each message is a list item starting with its speaker; notes (such as the memory loaded) are items too.
        assert.equal(await transcript.getByRole("listitem").filter({ hasText: /^User/ }).count(), longSession.userMessages);
        assert.equal(
          await transcript
            .getByRole("listitem")
            .filter({ hasText: /^Agent/ })
            .count(),
          longSession.agentMessages,
        );
        await page.getByRole("button", { name: "Send" }).waitFor();
      },
    },
    {
      name: "dream review",
      readyWhen: `"Waiting for your review" and every operation of the changeset (${dream.operations}), each with its side-by-side diff`,
      path: `/dreams/${dream.id}`,
      expected: { text: "Waiting for your review", firstCount: dream.operations, secondCount: dream.operations },
      readyAt: ({ text, firstCount, secondCount }) => {
        const waiting = [...document.querySelectorAll("strong")].some((element) => element.textContent === text);
        const operations = document.querySelectorAll("article.operation").length;
        const diffs = document.querySelectorAll("article.operation table.side-by-side-diff").length;
        return waiting && operations >= firstCount && diffs >= secondCount ? performance.now() : false;
      },
      confirm: async (page) => {
        await page.getByRole("heading", { name: "Dream", level: 1 }).waitFor();
        assert.equal(await page.getByRole("article").count(), dream.operations);
        assert.equal(await page.getByRole("table", { name: /^Memory before compared with / }).count(), dream.operations);
        await page.getByRole("button", { name: "Approve all" }).waitFor();
      },
    },
  ];
}

// Draws the learning curves (completion rate per block, one line per arm) as a self-contained SVG, with the drift marked.
import type { ArmSummary } from "./learning-report";

const WIDTH = 800;
const HEIGHT = 360;
const MARGIN = { left: 56, right: 300, top: 36, bottom: 48 };
const COLOURS = ["#8c8c8c", "#1f77b4", "#d62728", "#2ca02c", "#9467bd"];
/** Arms often share a curve; different dashes and widths keep every one visible where they overlap. */
const STROKES = [
  { width: 2, dash: "" },
  { width: 6, dash: "" },
  { width: 3, dash: "8 4" },
  { width: 1.5, dash: "2 3" },
  { width: 2, dash: "12 3 2 3" },
];

export function learningCurveSvg(summaries: readonly ArmSummary[], blockSize: number, driftBlock: number | null, title: string): string {
  const blocks = Math.max(...summaries.map((summary) => summary.blocks.length), 1);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (block: number) => MARGIN.left + (blocks === 1 ? plotWidth / 2 : (block * plotWidth) / (blocks - 1));
  const y = (rate: number) => MARGIN.top + plotHeight * (1 - rate);
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (rate) =>
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(rate)}" y2="${y(rate)}" stroke="#e0e0e0"/><text x="${MARGIN.left - 8}" y="${y(rate) + 4}" text-anchor="end">${Math.round(rate * 100)}%</text>`,
  );
  const ticks = Array.from(
    { length: blocks },
    (_, block) => `<text x="${x(block)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${block * blockSize + 1}–${(block + 1) * blockSize}</text>`,
  );
  const drift =
    driftBlock === null
      ? []
      : [
          `<line x1="${x(driftBlock - 0.5)}" x2="${x(driftBlock - 0.5)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#999" stroke-dasharray="4 4"/><text x="${x(driftBlock - 0.5) + 4}" y="${MARGIN.top + 12}">drift</text>`,
        ];
  const lines = summaries.map((summary, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const stroke = STROKES[index % STROKES.length] ?? { width: 2, dash: "" };
    const style = `stroke="${colour}" stroke-width="${stroke.width}"${stroke.dash ? ` stroke-dasharray="${stroke.dash}"` : ""}`;
    const points = summary.blocks.map((rate, block) => `${x(block)},${y(rate)}`).join(" ");
    const legendY = MARGIN.top + 16 + index * 20;
    return [
      `<polyline fill="none" ${style} stroke-opacity="0.8" points="${points}"/>`,
      ...summary.blocks.map((rate, block) => `<circle cx="${x(block)}" cy="${y(rate)}" r="3" fill="${colour}"/>`),
      `<line x1="${WIDTH - MARGIN.right + 12}" x2="${WIDTH - MARGIN.right + 32}" y1="${legendY}" y2="${legendY}" ${style}/>`,
      `<text x="${WIDTH - MARGIN.right + 38}" y="${legendY + 4}">${escapeXml(summary.label)}</text>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="13">${escapeXml(title)}</text>`,
    ...grid,
    ...ticks,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">sessions (block)</text>`,
    ...drift,
    ...lines,
    "</svg>",
  ].join("\n");
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// An agent's learning over its sessions as an inline SVG: rolling completion rate, cost per session, and dream markers.
import { useId } from "preact/hooks";
import type { Dream } from "../../../src/schemas/dream-resource";
import { useLucid } from "../lucid-context";
import { lucidSession } from "../../../client/lucid-shapes";
import { href } from "../routes";
import { useAsync } from "../use-async";
import { learningSeries, type LearningSeries, type LearningSession } from "./learning-series";
import { ErrorMessage } from "./error-message";

/** The chart shows the most recent sessions; older ones would squeeze the points together without telling more. */
const MAX_SESSIONS = 200;
/** Dreams are listed newest first; this bounds the walk for tenants with a long history. */
const MAX_DREAMS = 500;

const WIDTH = 640;
const HEIGHT = 240;
const PLOT = { left: 48, right: WIDTH - 64, top: 20, bottom: HEIGHT - 40 };

export function LearningChart(props: { agentId: string }) {
  const { anthropic, lucid } = useLucid();
  const series = useAsync(async () => {
    const sessions: LearningSession[] = [];
    for await (const session of anthropic.beta.sessions.list({ agent_id: props.agentId, statuses: ["idle", "terminated"], order: "desc", limit: 100 })) {
      sessions.push(lucidSession(session));
      if (sessions.length >= MAX_SESSIONS) break;
    }
    const dreams: Dream[] = [];
    for await (const dream of lucid.dreams.list({ agent_id: props.agentId, limit: 100 })) {
      dreams.push(dream);
      if (dreams.length >= MAX_DREAMS) break;
    }
    return learningSeries(sessions, dreams, props.agentId);
  }, [anthropic, lucid, props.agentId]);

  return (
    <figure class="learning-chart" style={{ margin: 0 }}>
      <ErrorMessage error={series.error} context="Could not load the learning chart" />
      {series.loading && !series.data && <p>Loading the chart…</p>}
      {series.data && series.data.points.length === 0 && <p class="hint">No finished sessions yet: the chart starts with the first one.</p>}
      {series.data && series.data.points.length > 0 && <LearningSvg series={series.data} />}
    </figure>
  );
}

function LearningSvg({ series }: { series: LearningSeries }) {
  const titleId = useId();
  const descId = useId();
  const { points, markers } = series;
  const count = points.length;
  // The axis runs from -0.5 to count - 0.5, so a marker between two sessions sits halfway between their points.
  const x = (position: number) => PLOT.left + ((position + 0.5) / count) * (PLOT.right - PLOT.left);
  const rateY = (rate: number) => PLOT.bottom - rate * (PLOT.bottom - PLOT.top);
  const costs = points.map((point) => point.costUsd ?? 0);
  const maxCost = Math.max(...costs, 0);
  const costY = (cost: number) => PLOT.bottom - (maxCost === 0 ? 0 : (cost / maxCost) * (PLOT.bottom - PLOT.top));
  const barWidth = Math.max(1, Math.min(16, ((PLOT.right - PLOT.left) / count) * 0.5));
  const last = points[count - 1]!;
  const summary =
    `${count} finished sessions. Completion rate over the last ${series.window} sessions is now ${percent(last.completionRate)}` +
    `${last.costUsd === null ? "" : `; the latest session cost ${usd(last.costUsd)}`}. ${markers.length} dreams applied.`;

  return (
    <>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        style={{ maxWidth: `${WIDTH}px`, display: "block" }}
      >
        <title id={titleId}>Completion rate and cost per session</title>
        <desc id={descId}>{summary}</desc>
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> is not focusable; the <desc> above reads the chart out instead of its ticks. */}
        <g aria-hidden="true" fill="currentColor" font-size="11">
          {[0, 0.5, 1].map((tick) => (
            <g key={tick}>
              <line x1={PLOT.left} x2={PLOT.right} y1={rateY(tick)} y2={rateY(tick)} stroke="var(--border)" />
              <text x={PLOT.left - 6} y={rateY(tick) + 4} text-anchor="end">
                {percent(tick)}
              </text>
              {/* With every cost zero (the simulator's), one "$0.00" at the bottom says it all. */}
              {(maxCost > 0 || tick === 0) && (
                <text x={PLOT.right + 6} y={rateY(tick) + 4}>
                  {usd(maxCost * tick)}
                </text>
              )}
            </g>
          ))}
          <text x={PLOT.left} y={HEIGHT - 22}>
            session 1
          </text>
          {count > 1 && (
            <text x={PLOT.right} y={HEIGHT - 22} text-anchor="end">
              session {count}
            </text>
          )}
        </g>
        <g fill="var(--muted)" opacity="0.45">
          {points.map((point, index) =>
            point.costUsd === null ? null : (
              <rect key={point.sessionId} x={x(index) - barWidth / 2} y={costY(point.costUsd)} width={barWidth} height={PLOT.bottom - costY(point.costUsd)}>
                <title>{`${point.sessionId}: ${usd(point.costUsd)}`}</title>
              </rect>
            ),
          )}
        </g>
        <polyline
          fill="none"
          stroke="var(--accent)"
          stroke-width="2"
          points={points.map((point, index) => `${x(index)},${rateY(point.completionRate)}`).join(" ")}
        />
        <g>
          {points.map((point, index) => (
            <circle key={point.sessionId} cx={x(index)} cy={rateY(point.completionRate)} r="3" fill={point.completed ? "var(--ok)" : "var(--danger)"}>
              <title>{`${point.sessionId}: ${point.completed ? "completed" : "not completed"}, rolling rate ${percent(point.completionRate)}`}</title>
            </circle>
          ))}
        </g>
        <g stroke="var(--warn)" stroke-dasharray="4 3">
          {markers.map((marker) => (
            <line key={marker.dreamId} x1={x(marker.position)} x2={x(marker.position)} y1={PLOT.top - 8} y2={PLOT.bottom}>
              <title>{`Dream ${marker.dreamId} applied ${formatTime(marker.appliedAt)}`}</title>
            </line>
          ))}
        </g>
      </svg>
      <figcaption class="hint">
        <span style={{ color: "var(--accent)" }}>━</span> completion rate (last {series.window} sessions; a dot per session, green when it completed) ·{" "}
        <span style={{ color: "var(--muted)" }}>▮</span> cost per session · <span style={{ color: "var(--warn)" }}>┆</span> a dream applied
      </figcaption>
      <LearningTable series={series} />
    </>
  );
}

/** The chart's numbers for screen readers and for copying: one row per session, then the dreams. */
function LearningTable({ series }: { series: LearningSeries }) {
  return (
    <div class="visually-hidden">
      <table>
        <caption>Sessions in order, with completion and cost</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Session</th>
            <th scope="col">Started</th>
            <th scope="col">Completed</th>
            <th scope="col">Completion rate (last {series.window})</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {series.points.map((point, index) => (
            <tr key={point.sessionId}>
              <td>{index + 1}</td>
              <td>
                <a href={href(`/sessions/${point.sessionId}`)}>{point.sessionId}</a>
              </td>
              <td>{formatTime(point.createdAt)}</td>
              <td>{point.completed ? "yes" : "no"}</td>
              <td>{percent(point.completionRate)}</td>
              <td>{point.costUsd === null ? "unknown" : usd(point.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Dreams applied</caption>
        <thead>
          <tr>
            <th scope="col">Dream</th>
            <th scope="col">Applied</th>
            <th scope="col">Before session #</th>
          </tr>
        </thead>
        <tbody>
          {series.markers.map((marker) => (
            <tr key={marker.dreamId}>
              <td>
                <a href={href(`/dreams/${marker.dreamId}`)}>{marker.dreamId}</a>
              </td>
              <td>{formatTime(marker.appliedAt)}</td>
              <td>{marker.position + 1.5 > series.points.length ? "after the last session" : marker.position + 1.5}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

function usd(amount: number): string {
  return `$${amount < 0.01 && amount > 0 ? amount.toFixed(4) : amount.toFixed(2)}`;
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
